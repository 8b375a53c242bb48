package coffer.storage.accounts;

import java.util.List;
import java.util.Objects;

/** An account with its access keys (active and revoked, oldest first). */
public record AccountDetails(AccountInfo account, List<AccessKeyInfo> keys) {
    public AccountDetails {
        Objects.requireNonNull(account, "account");
        keys = List.copyOf(keys);
    }
}
