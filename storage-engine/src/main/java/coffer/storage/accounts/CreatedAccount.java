package coffer.storage.accounts;

import java.util.Objects;

/** A new account and its first access key; the secret is in clear here and nowhere else, once. */
public record CreatedAccount(AccountInfo account, AccessKeyPair key) {
    public CreatedAccount {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(key, "key");
    }
}
