package coffer.storage.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * One account as the admin sees it.
 *
 * @param email         may be null
 * @param quotaOverride the account's own quota in bytes, or null when its plan's applies
 * @param quotaBytes    the quota in force: the override, else the plan's
 * @param legacyId      the id on the old service for restored accounts, else null
 */
public record AccountInfo(long id, String name, String displayName, String email, AccountState state, String plan,
                          Long quotaOverride, long quotaBytes, String legacyId, Instant created,
                          AccountUsage usage) {
    public AccountInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(usage, "usage");
    }
}
