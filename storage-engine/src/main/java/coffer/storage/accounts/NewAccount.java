package coffer.storage.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What creating an account takes. Names are 1..128 characters from {@code A-Z a-z 0-9 . _ @ -}, starting with a
 * letter or digit (they appear in URLs of the admin API and in logs).
 *
 * @param displayName      null means the name
 * @param email            may be null
 * @param plan             null means {@link Plan#FREE}
 * @param quotaOverride    the account's own quota in bytes, or null for the plan's
 * @param legacyId         the id on the old service (restored accounts), or null
 * @param legacyClosedAt   when the old service closed it, or null
 */
public record NewAccount(String name, String displayName, String email, String plan, Long quotaOverride,
                         String legacyId, Instant legacyClosedAt) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public NewAccount {
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("account name must be 1..128 characters A-Z a-z 0-9 . _ @ -,"
                    + " starting with a letter or digit");
        }
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        plan = plan == null ? Plan.FREE : plan;
        if (quotaOverride != null && quotaOverride < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
    }

    /** A plain account: display name = name, no e-mail, the free plan. */
    public static NewAccount named(String name) {
        return new NewAccount(name, null, null, null, null, null, null);
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
