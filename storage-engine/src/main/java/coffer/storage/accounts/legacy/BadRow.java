package coffer.storage.accounts.legacy;

import java.util.Objects;

/** A row that was not restored: the line it starts on, its legacy id if one could be read, and why. */
public record BadRow(int line, String legacyId, String reason) {
    public BadRow {
        Objects.requireNonNull(reason, "reason");
    }
}
