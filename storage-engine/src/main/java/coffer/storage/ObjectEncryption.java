package coffer.storage;

/**
 * How an object (or a multipart upload, or a bucket default) is encrypted as S3 clients see it. Every object is
 * encrypted at rest whatever this says; it decides which key protects the object's data key and what S3 echoes:
 * <ul>
 *   <li>{@code kmsKeyId == null}: SSE-S3 ({@code AES256}), the data key wrapped under the master key only;</li>
 *   <li>{@code kmsKeyId != null}: SSE-KMS ({@code aws:kms}) with the built-in key manager: the wrapped data key is
 *       wrapped again under the KMS key of that id (see {@code docs/storage-format.md}), so the object cannot be
 *       read through a row that names another key id.</li>
 * </ul>
 * SSE-C is not expressed here: it is a property of the blobs (their customer key check). {@code bucketKeyEnabled}
 * is remembered only to be echoed ({@code x-amz-server-side-encryption-bucket-key-enabled}); it changes nothing
 * in how data is encrypted. Immutable.
 */
public record ObjectEncryption(String kmsKeyId, boolean bucketKeyEnabled) {
    /** The S3 name of SSE-S3. */
    public static final String AES256 = "AES256";
    /** The S3 name of SSE-KMS. */
    public static final String AWS_KMS = "aws:kms";
    /** SSE-S3, what an object gets when nothing else is asked for. */
    public static final ObjectEncryption SSE_S3 = new ObjectEncryption(null, false);
    /** The longest key id (or ARN) accepted, as AWS KMS. */
    public static final int MAX_KEY_ID_LENGTH = 2048;

    public ObjectEncryption {
        if (kmsKeyId != null && !isWellFormedKeyId(kmsKeyId)) {
            throw new IllegalArgumentException("KMS key ids are 1.." + MAX_KEY_ID_LENGTH
                    + " printable ASCII characters without spaces");
        }
    }

    /** SSE-KMS under {@code keyId}. */
    public static ObjectEncryption kms(String keyId, boolean bucketKeyEnabled) {
        return new ObjectEncryption(keyId, bucketKeyEnabled);
    }

    public boolean isKms() {
        return kmsKeyId != null;
    }

    /** {@code AES256} or {@code aws:kms}: the value of {@code x-amz-server-side-encryption}. */
    public String algorithm() {
        return isKms() ? AWS_KMS : AES256;
    }

    /** Whether the data of an object encrypted this way can be shared with one encrypted {@code other}'s way. */
    public boolean sameKeyAs(ObjectEncryption other) {
        return java.util.Objects.equals(kmsKeyId, other.kmsKeyId);
    }

    /** Printable ASCII (0x21..0x7e), 1..{@value #MAX_KEY_ID_LENGTH} characters: ids, aliases and ARNs. */
    public static boolean isWellFormedKeyId(String keyId) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < keyId.length(); i++) {
            char ch = keyId.charAt(i);
            if (ch < 0x21 || ch > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
