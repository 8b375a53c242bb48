package coffer.storage.accounts.legacy;

import java.util.Objects;

/** An account a restore created, with its new credentials. {@link #toString()} never shows the secret. */
public record RestoredAccount(int line, String legacyId, String name, String email, String accessKeyId,
                              String secretKey) {
    public RestoredAccount {
        Objects.requireNonNull(legacyId, "legacyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String toString() {
        return "RestoredAccount[line=" + line + ", legacyId=" + legacyId + ", name=" + name + ", accessKeyId="
                + accessKeyId + "]";
    }
}
