package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The four-lane table implementation against the definition, one bit at a time, with no tables at all. */
class Crc64NvmeTest {
    private static final long POLY_REFLECTED = 0x9a6c9329ac4bc9b5L;

    private static long bitwise(byte[] data, int offset, int length) {
        long crc = ~0L;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xffL;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void agreesWithTheBitwiseDefinitionAcrossLaneAndStripeBoundaries() {
        Random random = new Random(7);
        byte[] data = new byte[70_000];
        random.nextBytes(data);
        int[] lengths = {0, 1, 7, 8, 9, 511, 512, 2047, 2048, 2049, 4096, 6143, 6151, 65_536, 69_000};
        for (int length : lengths) {
            for (int offset : new int[] {0, 1, 5, 999}) {
                Crc64Nvme crc = new Crc64Nvme();
                crc.update(data, offset, length);
                assertEquals(bitwise(data, offset, length), crc.getValue(), "length " + length + " at " + offset);
            }
        }
    }

    @Test
    void piecesOfAnySizeGiveTheSameValueAsOneUpdate() {
        Random random = new Random(11);
        byte[] data = new byte[300_000];
        random.nextBytes(data);
        long expected = bitwise(data, 0, data.length);
        for (int round = 0; round < 5; round++) {
            Crc64Nvme crc = new Crc64Nvme();
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, random.nextInt(round == 0 ? 100 : 20_000));
                crc.update(data, at, n);
                at += n;
            }
            assertEquals(expected, crc.getValue(), "round " + round);
        }
    }

    @Test
    void refusesARangeOutsideTheArray() {
        Crc64Nvme crc = new Crc64Nvme();
        assertThrows(IndexOutOfBoundsException.class, () -> crc.update(new byte[10], 8, 3));
    }
}
