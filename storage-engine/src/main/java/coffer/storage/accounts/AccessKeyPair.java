package coffer.storage.accounts;

import java.util.Objects;

/** An access key id with its secret, in clear. {@link #toString()} never shows the secret. */
public record AccessKeyPair(String accessKeyId, String secretKey, long accountId) {
    public AccessKeyPair {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String toString() {
        return "AccessKeyPair[accessKeyId=" + accessKeyId + ", accountId=" + accountId + "]";
    }
}
