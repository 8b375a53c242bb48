package coffer.s3.auth;

import java.util.Objects;

/**
 * A resolved access key: the key id, its secret and the account that owns it, and whether that account may only
 * read (it is suspended). {@link #toString()} never shows the secret; neither may any log line or exception
 * message.
 */
public record Credential(String accessKeyId, String secretKey, long accountId, boolean readOnly) {

    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /** A credential of an account that may read and write. */
    public Credential(String accessKeyId, String secretKey, long accountId) {
        this(accessKeyId, secretKey, accountId, false);
    }

    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", secretKey=<redacted>, accountId=" + accountId + "]";
    }
}
