package coffer.storage.internal.blob;

import coffer.storage.blob.BlobId;
import coffer.storage.blob.CustomerKey;
import coffer.storage.internal.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SSE-C key schedule of a blob (algorithm 2, see {@code docs/storage-format.md}):
 * <ul>
 *   <li>blob key = HKDF(ikm = data key || customer key, salt = blob id (16 raw bytes), info = {@value #MIX_LABEL});
 *       it replaces the data key for the key commitment and the segment key, so the data cannot be read without
 *       the customer key;</li>
 *   <li>key check = HMAC-SHA256(HKDF-Expand(data key, {@value #CHECK_LABEL}), customer key), stored after the data
 *       key inside the wrapped (master-key-encrypted) value, so a wrong key is refused before anything is
 *       decrypted and the check itself is readable only with the master key.</li>
 * </ul>
 * Stateless; never changes (data on disk depends on it).
 */
final class CustomerKeyMixing {
    static final String MIX_LABEL = "coffer/blob/v1/customer-key-mix";
    static final String CHECK_LABEL = "coffer/blob/v1/customer-key-check";
    static final int CHECK_LENGTH = 32;

    private CustomerKeyMixing() {
    }

    static byte[] blobKey(byte[] dataKey, CustomerKey customerKey, BlobId id) {
        byte[] customer = customerKey.bytes();
        byte[] ikm = Arrays.copyOf(dataKey, dataKey.length + customer.length);
        System.arraycopy(customer, 0, ikm, dataKey.length, customer.length);
        try {
            return Hkdf.derive(ikm, id.toBytes(), MIX_LABEL.getBytes(StandardCharsets.US_ASCII),
                    BlobFormat.DATA_KEY_LENGTH);
        } finally {
            Arrays.fill(ikm, (byte) 0);
            Arrays.fill(customer, (byte) 0);
        }
    }

    static byte[] check(byte[] dataKey, CustomerKey customerKey) {
        byte[] macKey = Hkdf.expand(dataKey, CHECK_LABEL.getBytes(StandardCharsets.US_ASCII), CHECK_LENGTH);
        byte[] customer = customerKey.bytes();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return mac.doFinal(customer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        } finally {
            Arrays.fill(macKey, (byte) 0);
            Arrays.fill(customer, (byte) 0);
        }
    }

    static boolean matches(byte[] storedCheck, byte[] dataKey, CustomerKey customerKey) {
        return MessageDigest.isEqual(storedCheck, check(dataKey, customerKey));
    }
}
