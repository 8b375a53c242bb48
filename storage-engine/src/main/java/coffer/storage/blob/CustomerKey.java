package coffer.storage.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A 256-bit key a client supplies with a request (S3 SSE-C). Coffer never stores it: a blob written with it can
 * only be decrypted with it again. Immutable; {@link #toString} never shows the key, and {@link #equals} is not
 * defined on purpose (compare keys only through the stored checks).
 */
public final class CustomerKey {
    public static final int LENGTH = 32;
    private final byte[] key;

    public CustomerKey(byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new IllegalArgumentException("a customer key has exactly " + LENGTH + " bytes");
        }
        this.key = key.clone();
    }

    /** A copy of the key bytes; callers should clear it when done. */
    public byte[] bytes() {
        return key.clone();
    }

    /** Base64 of the MD5 of the key: what S3 echoes as {@code x-amz-server-side-encryption-customer-key-MD5}. */
    public String md5Base64() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JDK", e);
        }
    }

    /** Overwrites the key in memory; the instance must not be used afterwards. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "CustomerKey[redacted]";
    }
}
