package coffer.storage.accounts;

import java.util.Locale;

/**
 * The life cycle of an account. {@code active} reads and writes; {@code suspended} reads only; {@code deleted} is
 * final: its keys are revoked and its data is gone. The lower-case names are stored in the catalog and shown by
 * the admin API: never rename them.
 */
public enum AccountState {
    ACTIVE,
    SUSPENDED,
    DELETED;

    /** The catalog and wire spelling. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
