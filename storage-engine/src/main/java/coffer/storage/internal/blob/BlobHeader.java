package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobId;
import coffer.storage.internal.crypto.Hkdf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The header of a blob file (format version 1): encodes it, parses it, and checks its key commitment.
 *
 * <p>The key commitment is HKDF-Expand-SHA256(PRK = data key, info = {@value #COMMITMENT_LABEL} || the 30 header
 * bytes before it, 32 bytes). It lets a reader reject a wrong data key, or a header moved to another blob, before
 * decrypting anything. Immutable and thread-safe.
 */
final class BlobHeader {
    static final String COMMITMENT_LABEL = "coffer/blob/v1/key-commitment";
    private final byte[] bytes;

    private BlobHeader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The header of a new blob whose segments will be sealed under {@code dataKey}. */
    public static BlobHeader create(BlobId id, int partNumber, byte[] dataKey) {
        return create(id, partNumber, dataKey, BlobFormat.ALGORITHM_AES_256_GCM);
    }

    /**
     * The header of a new blob with algorithm id {@code algorithm}; {@code blobKey} is the key its segments are
     * derived from (the data key, or for {@link BlobFormat#ALGORITHM_AES_256_GCM_CUSTOMER_KEY} the data key mixed
     * with the customer key).
     */
    public static BlobHeader create(BlobId id, int partNumber, byte[] blobKey, int algorithm) {
        byte[] dataKey = blobKey;
        if (partNumber < 0) {
            throw new IllegalArgumentException("part number must not be negative");
        }
        ByteBuffer b = ByteBuffer.allocate(BlobFormat.HEADER_LENGTH);
        b.put(BlobFormat.MAGIC).put((byte) BlobFormat.FORMAT_VERSION).put((byte) algorithm)
                .putInt(BlobFormat.SEGMENT_SIZE).put(id.toBytes()).putInt(partNumber);
        byte[] bytes = b.array();
        System.arraycopy(commitment(bytes, dataKey), 0, bytes, BlobFormat.OFFSET_COMMITMENT,
                BlobFormat.COMMITMENT_LENGTH);
        return new BlobHeader(bytes);
    }

    /**
     * Parses a header read from the file of blob {@code expected} and checks that {@code dataKey} is the key it
     * was written with. Fails on a wrong magic, an unknown version, algorithm or segment size, another blob's
     * header, or a key that does not match the commitment.
     */
    public static BlobHeader parse(byte[] bytes, BlobId expected, byte[] dataKey) throws BlobCorruptedException {
        return parse(bytes, expected, dataKey, BlobFormat.ALGORITHM_AES_256_GCM);
    }

    /** Like {@link #parse(byte[], BlobId, byte[])} for a blob whose catalog entry says it uses {@code algorithm}. */
    public static BlobHeader parse(byte[] bytes, BlobId expected, byte[] dataKey, int algorithm)
            throws BlobCorruptedException {
        if (bytes.length != BlobFormat.HEADER_LENGTH
                || !Arrays.equals(bytes, 0, BlobFormat.MAGIC.length, BlobFormat.MAGIC, 0, BlobFormat.MAGIC.length)) {
            throw new BlobCorruptedException("blob " + expected + ": not a blob file (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes[BlobFormat.OFFSET_VERSION] != BlobFormat.FORMAT_VERSION
                || bytes[BlobFormat.OFFSET_ALGORITHM] != algorithm
                || b.getInt(BlobFormat.OFFSET_SEGMENT_SIZE) != BlobFormat.SEGMENT_SIZE) {
            throw new BlobCorruptedException("blob " + expected + ": unsupported format version, algorithm or "
                    + "segment size");
        }
        byte[] id = Arrays.copyOfRange(bytes, BlobFormat.OFFSET_BLOB_ID, BlobFormat.OFFSET_PART_NUMBER);
        if (!Arrays.equals(id, expected.toBytes())) {
            throw new BlobCorruptedException("blob " + expected + ": file holds another blob");
        }
        byte[] stored = Arrays.copyOfRange(bytes, BlobFormat.OFFSET_COMMITMENT, BlobFormat.HEADER_LENGTH);
        if (!MessageDigest.isEqual(stored, commitment(bytes, dataKey))) {
            throw new BlobCorruptedException("blob " + expected + ": key commitment mismatch (wrong key or "
                    + "altered header)");
        }
        return new BlobHeader(bytes.clone());
    }

    /** The part number recorded at write time; 0 for a whole object. */
    public int partNumber() {
        return ByteBuffer.wrap(bytes).getInt(BlobFormat.OFFSET_PART_NUMBER);
    }

    /** The encoded header; also the associated data of every segment. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    private static byte[] commitment(byte[] header, byte[] dataKey) {
        byte[] label = COMMITMENT_LABEL.getBytes(StandardCharsets.US_ASCII);
        byte[] info = Arrays.copyOf(label, label.length + BlobFormat.OFFSET_COMMITMENT);
        System.arraycopy(header, 0, info, label.length, BlobFormat.OFFSET_COMMITMENT);
        return Hkdf.expand(dataKey, info, BlobFormat.COMMITMENT_LENGTH);
    }
}
