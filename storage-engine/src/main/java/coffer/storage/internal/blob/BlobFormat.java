package coffer.storage.internal.blob;

import coffer.storage.blob.BlobId;

/**
 * Constants and arithmetic of the encrypted blob file format, version 1 (see {@code docs/storage-format.md}).
 *
 * <p>Layout: a {@value #HEADER_LENGTH}-byte header, then {@link #segmentCount(long)} segments, each the
 * AES-256-GCM ciphertext of up to {@value #SEGMENT_SIZE} plaintext bytes followed by its {@value #TAG_LENGTH}-byte
 * tag. Every segment but the last holds exactly {@value #SEGMENT_SIZE} plaintext bytes; an empty blob has one
 * empty last segment.
 *
 * <p>These values are written to disk: never change them, bump {@link #FORMAT_VERSION} and add a new format.
 */
public final class BlobFormat {
    /** "CFBL": Coffer blob. */
    public static final byte[] MAGIC = {'C', 'F', 'B', 'L'};
    public static final int FORMAT_VERSION = 1;
    /** AES-256-GCM, 16-byte tag, nonce = segment index (8 bytes) || last flag (1 byte) || 3 zero bytes. */
    public static final int ALGORITHM_AES_256_GCM = 1;
    /** AES-256-GCM as algorithm 1, with the blob key derived from the data key and a customer key (SSE-C). */
    public static final int ALGORITHM_AES_256_GCM_CUSTOMER_KEY = 2;
    public static final int SEGMENT_SHIFT = 16;
    public static final int SEGMENT_SIZE = 1 << SEGMENT_SHIFT;
    public static final int TAG_LENGTH = 16;
    public static final int NONCE_LENGTH = 12;
    public static final int SEALED_SEGMENT_SIZE = SEGMENT_SIZE + TAG_LENGTH;
    public static final int DATA_KEY_LENGTH = 32;
    public static final int COMMITMENT_LENGTH = 32;

    // Header field offsets.
    static final int OFFSET_VERSION = 4;
    static final int OFFSET_ALGORITHM = 5;
    static final int OFFSET_SEGMENT_SIZE = 6;
    static final int OFFSET_BLOB_ID = 10;
    static final int OFFSET_PART_NUMBER = 26;
    static final int OFFSET_COMMITMENT = 30;
    public static final int HEADER_LENGTH = OFFSET_COMMITMENT + COMMITMENT_LENGTH;

    private BlobFormat() {
    }

    /** Number of segments of a blob of {@code size} plaintext bytes; at least one. */
    public static long segmentCount(long size) {
        return size == 0 ? 1 : ((size - 1) >>> SEGMENT_SHIFT) + 1;
    }

    /** Plaintext bytes in segment {@code index} of a blob of {@code size} bytes. */
    public static int plaintextLength(long index, long size) {
        return (int) Math.min(SEGMENT_SIZE, size - (index << SEGMENT_SHIFT));
    }

    /** Where segment {@code index} starts in the file. */
    public static long segmentOffset(long index) {
        return HEADER_LENGTH + index * SEALED_SEGMENT_SIZE;
    }

    /**
     * What is wrong with the first {@code OFFSET_PART_NUMBER} (26) or more bytes of blob {@code id}'s stored form,
     * as far as can be told without its key (magic, format version, the id it names); null when nothing is.
     */
    public static String headerProblem(byte[] header, BlobId id) {
        if (header.length < OFFSET_PART_NUMBER
                || !java.util.Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || header[OFFSET_VERSION] != FORMAT_VERSION) {
            return "bad magic or format version in the header";
        }
        if (!java.util.Arrays.equals(header, OFFSET_BLOB_ID, OFFSET_PART_NUMBER, id.toBytes(), 0, 16)) {
            return "the header names another blob";
        }
        return null;
    }

    /** The exact file length of a blob of {@code size} plaintext bytes. */
    public static long fileLength(long size) {
        return HEADER_LENGTH + size + segmentCount(size) * TAG_LENGTH;
    }
}
