package coffer.storage.internal.catalog;

import coffer.storage.StoreException;

/**
 * COMMIT itself failed, so the transaction may or may not have been applied. A caller must not undo side
 * effects that the transaction might have published (for example delete a blob the row may now reference);
 * leaving them is safe, reconciliation frees what turns out to be unreferenced.
 */
public final class CommitOutcomeUnknownException extends StoreException {
    private static final long serialVersionUID = 1L;

    CommitOutcomeUnknownException(StoreException mapped) {
        super(mapped.reason(), mapped.getMessage() + " (commit outcome unknown)", mapped.getCause());
    }
}
