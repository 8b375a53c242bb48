package coffer.storage.accounts;

import java.util.Objects;

/** A plan and the quota (plaintext bytes) its accounts get unless they have their own. */
public record Plan(String name, long quotaBytes) {
    public static final String FREE = "free";
    public static final String PREMIUM = "premium";

    public Plan {
        Objects.requireNonNull(name, "name");
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
    }
}
