package coffer.s3.auth;

import java.util.Objects;

/**
 * A resolved access key: the key id, its secret and the account that owns it. {@link #toString()} never shows
 * the secret; neither may any log line or exception message.
 */
public record Credential(String accessKeyId, String secretKey, long accountId) {

    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", secretKey=<redacted>, accountId=" + accountId + "]";
    }
}
