package coffer.storage.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), built on the JDK's {@link Mac} so that no extra provider is needed.
 *
 * <p>Stateless and thread-safe. Its outputs feed on-disk formats: never change what a given input yields.
 */
public final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /** Extract then expand: {@code length} bytes of key material from {@code ikm}. */
    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /** HKDF-Extract: a pseudorandom key from input key material; an empty salt means 32 zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] effectiveSalt = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        Mac mac = hmac(effectiveSalt);
        return mac.doFinal(ikm);
    }

    /**
     * HKDF-Expand: {@code length} bytes from a pseudorandom key. A uniformly random 256-bit key (such as a blob's
     * data key) is already a valid pseudorandom key, so callers may expand it directly.
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        Mac mac = hmac(prk);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, n);
            written += n;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
