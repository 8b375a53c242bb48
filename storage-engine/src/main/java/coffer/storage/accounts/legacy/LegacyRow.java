package coffer.storage.accounts.legacy;

import java.time.Instant;
import java.util.Objects;

/**
 * A valid row of a legacy export. The restored account is named {@code legacy-<legacyId>}.
 *
 * @param line        the line the row starts on
 * @param displayName may be null (the account name is used)
 */
record LegacyRow(int line, String legacyId, String email, String displayName, Instant closedAt) {
    public static final String NAME_PREFIX = "legacy-";

    public LegacyRow {
        Objects.requireNonNull(legacyId, "legacyId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(closedAt, "closedAt");
    }

    public String accountName() {
        return NAME_PREFIX + legacyId;
    }
}
