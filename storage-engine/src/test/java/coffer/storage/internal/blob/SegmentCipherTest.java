package coffer.storage.internal.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobId;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentCipherTest {
    private final SecureRandom random = new SecureRandom();
    private final BlobId id = BlobId.random(random);
    private final byte[] dataKey = key();
    private final BlobHeader header = BlobHeader.create(id, 3, dataKey);

    private byte[] key() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    private static byte[] plaintext(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    private byte[] seal(long index, boolean last, byte[] plain) {
        byte[] out = new byte[plain.length + BlobFormat.TAG_LENGTH];
        assertEquals(out.length, new SegmentCipher(dataKey, header).seal(index, last, plain, plain.length, out));
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536})
    void segmentRoundTrips(int length) throws BlobCorruptedException {
        byte[] plain = plaintext(length);
        byte[] sealed = seal(7, true, plain);
        byte[] out = new byte[BlobFormat.SEGMENT_SIZE];

        int n = new SegmentCipher(dataKey, header).open(7, true, sealed, sealed.length, out);

        assertArrayEquals(plain, Arrays.copyOf(out, n));
    }

    @Test
    void oneCipherHandlesManySegmentsInTurn() throws BlobCorruptedException {
        SegmentCipher writer = new SegmentCipher(dataKey, header);
        SegmentCipher reader = new SegmentCipher(dataKey, header);
        byte[] sealed = new byte[BlobFormat.SEALED_SEGMENT_SIZE];
        byte[] out = new byte[BlobFormat.SEGMENT_SIZE];
        for (int i = 0; i < 5; i++) {
            byte[] plain = plaintext(1000 + i);
            int n = writer.seal(i, i == 4, plain, plain.length, sealed);
            assertArrayEquals(plain, Arrays.copyOf(out, reader.open(i, i == 4, sealed, n, out)));
        }
    }

    @Test
    void wrongIndexLastFlagKeyOrHeaderIsDetected() {
        byte[] sealed = seal(1, false, plaintext(100));
        byte[] out = new byte[BlobFormat.SEGMENT_SIZE];
        byte[] otherKey = key();

        assertThrows(BlobCorruptedException.class,
                () -> new SegmentCipher(dataKey, header).open(2, false, sealed, sealed.length, out));
        assertThrows(BlobCorruptedException.class,
                () -> new SegmentCipher(dataKey, header).open(1, true, sealed, sealed.length, out));
        assertThrows(BlobCorruptedException.class,
                () -> new SegmentCipher(otherKey, header).open(1, false, sealed, sealed.length, out));
        assertThrows(BlobCorruptedException.class, () -> new SegmentCipher(dataKey, BlobHeader.create(id, 4, dataKey))
                .open(1, false, sealed, sealed.length, out));
        assertThrows(BlobCorruptedException.class,
                () -> new SegmentCipher(dataKey, header).open(1, false, sealed, sealed.length - 1, out));
    }

    @Test
    void everyFlippedBitOfASegmentIsDetected() {
        byte[] sealed = seal(0, true, plaintext(40));
        byte[] out = new byte[BlobFormat.SEGMENT_SIZE];
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] altered = sealed.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(BlobCorruptedException.class,
                    () -> new SegmentCipher(dataKey, header).open(0, true, altered, altered.length, out));
        }
    }

    @Test
    void headerLayoutIsStable() throws BlobCorruptedException {
        byte[] bytes = header.toBytes();

        assertEquals(62, bytes.length);
        assertArrayEquals(new byte[] {'C', 'F', 'B', 'L', 1, 1, 0, 1, 0, 0}, Arrays.copyOf(bytes, 10));
        assertArrayEquals(id.toBytes(), Arrays.copyOfRange(bytes, 10, 26));
        assertArrayEquals(new byte[] {0, 0, 0, 3}, Arrays.copyOfRange(bytes, 26, 30));
        assertEquals(3, BlobHeader.parse(bytes, id, dataKey).partNumber());
    }

    @Test
    void headerParseRejectsWrongKeyOtherBlobAndAlteredFields() {
        byte[] bytes = header.toBytes();

        assertThrows(BlobCorruptedException.class, () -> BlobHeader.parse(bytes, id, key()));
        assertThrows(BlobCorruptedException.class, () -> BlobHeader.parse(bytes, BlobId.random(random), dataKey));
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 0x40;
            assertThrows(BlobCorruptedException.class, () -> BlobHeader.parse(altered, id, dataKey), "byte " + i);
        }
    }

    @Test
    void formatArithmetic() {
        assertEquals(1, BlobFormat.segmentCount(0));
        assertEquals(1, BlobFormat.segmentCount(65536));
        assertEquals(2, BlobFormat.segmentCount(65537));
        assertEquals(1, BlobFormat.plaintextLength(1, 65537));
        assertEquals(62 + 16, BlobFormat.fileLength(0));
        assertEquals(62 + 65537 + 32, BlobFormat.fileLength(65537));
        assertEquals(62 + 65552, BlobFormat.segmentOffset(1));
    }
}
