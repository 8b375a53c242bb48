package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The header of one record in a volume file (record format version 1, docs/storage-format.md section 3):
 *
 * <pre>
 * offset length field
 * 0      4      magic "CFVR"
 * 4      1      record format version = 1
 * 5      1      type: 1 = blob, 2 = tombstone (the blob was deleted)
 * 6      2      reserved, zero
 * 8      16     blob id (raw bytes)
 * 24     4      payload length (bytes that follow the header; 0 for a tombstone)
 * 28     4      CRC32C of the payload
 * 32     4      CRC32C of header bytes 0..31
 * </pre>
 *
 * A blob record's payload is exactly a blob file (docs/storage-format.md section 2). Both CRCs are over stored
 * bytes, so a volume is verified without any key. Never change this layout in place: bump the version byte.
 * Immutable value; thread-safe.
 */
public record VolumeRecord(int type, BlobId id, int payloadLength, int payloadCrc) {
    public static final int TYPE_BLOB = 1;
    public static final int TYPE_TOMBSTONE = 2;
    public static final int HEADER_LENGTH = 36;
    static final byte[] MAGIC = "CFVR".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    private static final int OFFSET_HEADER_CRC = 32;

    public VolumeRecord {
        Objects.requireNonNull(id, "id");
        if (type != TYPE_BLOB && type != TYPE_TOMBSTONE) {
            throw new IllegalArgumentException("unknown record type " + type);
        }
        if (payloadLength < 0 || (type == TYPE_TOMBSTONE && payloadLength != 0)) {
            throw new IllegalArgumentException("bad payload length " + payloadLength + " for type " + type);
        }
    }

    /** A blob record for {@code payload[offset, offset + length)}, its CRC computed here. */
    public static VolumeRecord blob(BlobId id, byte[] payload, int offset, int length) {
        return new VolumeRecord(TYPE_BLOB, id, length, crc32c(payload, offset, length));
    }

    /** The record saying blob {@code id} was deleted. */
    public static VolumeRecord tombstone(BlobId id) {
        return new VolumeRecord(TYPE_TOMBSTONE, id, 0, crc32c(new byte[0], 0, 0));
    }

    /** Header plus payload length: what the record takes in its volume. */
    public long recordLength() {
        return HEADER_LENGTH + (long) payloadLength;
    }

    /** Writes the 36 header bytes into {@code out} at {@code offset}. */
    public void encodeInto(byte[] out, int offset) {
        ByteBuffer b = ByteBuffer.wrap(out, offset, HEADER_LENGTH);
        b.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) type).putShort((short) 0).put(id.toBytes())
                .putInt(payloadLength).putInt(payloadCrc);
        b.putInt(crc32c(out, offset, OFFSET_HEADER_CRC));
    }

    /** The 36 header bytes. */
    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH];
        encodeInto(out, 0);
        return out;
    }

    /**
     * Parses the header at {@code bytes[offset..offset+36)}; empty when it is not a valid version-1 header (bad
     * magic, version, type, reserved bytes, or header CRC).
     */
    public static Optional<VolumeRecord> parse(byte[] bytes, int offset) {
        if (bytes.length - offset < HEADER_LENGTH
                || !Arrays.equals(bytes, offset, offset + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, HEADER_LENGTH).slice();
        if (b.getInt(OFFSET_HEADER_CRC) != crc32c(bytes, offset, OFFSET_HEADER_CRC)
                || b.get(4) != FORMAT_VERSION || b.getShort(6) != 0) {
            return Optional.empty();
        }
        int type = b.get(5);
        int length = b.getInt(24);
        if ((type != TYPE_BLOB && type != TYPE_TOMBSTONE) || length < 0
                || (type == TYPE_TOMBSTONE && length != 0)) {
            return Optional.empty();
        }
        BlobId id = new BlobId(HexFormat.of().formatHex(bytes, offset + 8, offset + 24));
        return Optional.of(new VolumeRecord(type, id, length, b.getInt(28)));
    }

    /** Whether {@code payload[offset, offset + length)} is this record's payload, by its CRC. */
    public boolean payloadMatches(byte[] payload, int offset, int length) {
        return length == payloadLength && crc32c(payload, offset, length) == payloadCrc;
    }

    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
