package coffer.storage.internal.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;

/**
 * COMMIT itself failed, so the transaction may or may not have been applied. A caller must not undo side
 * effects that the transaction might have published (for example delete a blob the row may now reference);
 * leaving them is safe, reconciliation frees what turns out to be unreferenced.
 */
public final class CommitOutcomeUnknownException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Always UNAVAILABLE (503, "try again"), whatever the driver said: the outcome is in doubt, not wrong, and a
     * client that retries a PUT gets a definite answer (docs/cluster.md). A Galera node cut off from the primary
     * component, for one, answers COMMIT with 1180.
     */
    CommitOutcomeUnknownException(StoreException mapped) {
        super(Reason.UNAVAILABLE, mapped.getMessage() + " (commit outcome unknown)", mapped.getCause());
    }
}
