package coffer.storage.accounts;

import java.util.Objects;

/**
 * An access key that may sign requests, with its account's state: {@link AccountState#ACTIVE} or
 * {@link AccountState#SUSPENDED} (which may only read). {@link #toString()} never shows the secret.
 */
public record SigningKey(AccessKeyPair key, AccountState accountState) {
    public SigningKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(accountState, "accountState");
        if (accountState == AccountState.DELETED) {
            throw new IllegalArgumentException("a deleted account's keys never sign");
        }
    }

    public boolean readOnly() {
        return accountState != AccountState.ACTIVE;
    }
}
