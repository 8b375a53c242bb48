package coffer.storage.internal.blob.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class VolumeRecordTest {
    private static final BlobId ID = new BlobId("00112233445566778899aabbccddeeff");

    @Test
    void encodesTheDocumentedLayout() {
        byte[] payload = "hello volume".getBytes(StandardCharsets.US_ASCII);
        byte[] header = VolumeRecord.blob(ID, payload, 0, payload.length).encode();

        assertEquals(36, header.length);
        ByteBuffer b = ByteBuffer.wrap(header);
        assertEquals("CFVR", new String(header, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, header[4]);
        assertEquals(VolumeRecord.TYPE_BLOB, header[5]);
        assertEquals(0, b.getShort(6));
        assertEquals(ID.value(), HexFormat.of().formatHex(header, 8, 24));
        assertEquals(payload.length, b.getInt(24));
        assertEquals(crc(payload, payload.length), b.getInt(28));
        assertEquals(crc(header, 32), b.getInt(32));
    }

    @Test
    void parsesWhatItEncodes() {
        byte[] payload = new byte[5000];
        VolumeRecord record = VolumeRecord.blob(ID, payload, 0, payload.length);
        byte[] withOffset = new byte[40];
        record.encodeInto(withOffset, 4);

        assertEquals(Optional.of(record), VolumeRecord.parse(withOffset, 4));
        assertTrue(record.payloadMatches(payload, 0, payload.length));
        payload[4999] ^= 1;
        assertFalse(record.payloadMatches(payload, 0, payload.length));
        assertEquals(36 + 5000, record.recordLength());
    }

    @Test
    void everyHeaderBitFlipIsRejected() {
        byte[] header = VolumeRecord.blob(ID, new byte[3], 0, 3).encode();
        for (int i = 0; i < header.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = header.clone();
                damaged[i] ^= (byte) (1 << bit);
                assertEquals(Optional.empty(), VolumeRecord.parse(damaged, 0), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void rejectsUnknownVersionEvenWithAValidCrc() {
        byte[] header = VolumeRecord.tombstone(ID).encode();
        header[4] = 2;
        ByteBuffer.wrap(header).putInt(32, crc(header, 32));

        assertEquals(Optional.empty(), VolumeRecord.parse(header, 0));
    }

    @Test
    void tombstoneHasNoPayload() {
        VolumeRecord t = VolumeRecord.tombstone(ID);

        assertEquals(VolumeRecord.TYPE_TOMBSTONE, t.type());
        assertEquals(36, t.recordLength());
        assertEquals(Optional.of(t), VolumeRecord.parse(t.encode(), 0));
        assertThrows(IllegalArgumentException.class, () -> new VolumeRecord(VolumeRecord.TYPE_TOMBSTONE, ID, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new VolumeRecord(3, ID, 0, 0));
    }

    @Test
    void shortInputIsNotAHeader() {
        byte[] header = VolumeRecord.tombstone(ID).encode();
        assertEquals(Optional.empty(), VolumeRecord.parse(java.util.Arrays.copyOf(header, 35), 0));
        assertArrayEquals(header, VolumeRecord.parse(header, 0).orElseThrow().encode());
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }
}
