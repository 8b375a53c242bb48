package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CrcCombineTest {

    private static Checksum crc(ChecksumAlgorithm a) {
        return switch (a) {
            case CRC32 -> new CRC32();
            case CRC32C -> new CRC32C();
            case CRC64NVME -> new Crc64Nvme();
            default -> throw new IllegalArgumentException();
        };
    }

    private static long crcOf(ChecksumAlgorithm a, byte[] data, int from, int to) {
        Checksum c = crc(a);
        c.update(data, from, to - from);
        return c.getValue();
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void combiningPartsGivesTheCrcOfTheConcatenation(ChecksumAlgorithm algorithm) {
        Random random = new Random(42);
        byte[] data = new byte[200_003];
        random.nextBytes(data);
        CrcCombine combine = CrcCombine.of(algorithm);
        for (int[] cuts : new int[][] {{0, 1, data.length}, {0, 100_000, 200_000, data.length},
            {0, 0, 7, 7, 65_536, data.length}, {0, data.length - 1, data.length}}) {
            long crc = crcOf(algorithm, data, cuts[0], cuts[1]);
            for (int i = 1; i + 1 < cuts.length; i++) {
                crc = combine.combine(crc, crcOf(algorithm, data, cuts[i], cuts[i + 1]), cuts[i + 1] - cuts[i]);
            }
            assertEquals(crcOf(algorithm, data, 0, data.length), crc, algorithm + " " + Arrays.toString(cuts));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void manyEqualPartsReuseOneOperator(ChecksumAlgorithm algorithm) {
        Random random = new Random(7);
        byte[] data = new byte[64 * 1000 + 13];
        random.nextBytes(data);
        CrcCombine combine = CrcCombine.of(algorithm);
        long crc = crcOf(algorithm, data, 0, 1000);
        for (int from = 1000; from < data.length; from += 1000) {
            int to = Math.min(from + 1000, data.length);
            crc = combine.combine(crc, crcOf(algorithm, data, from, to), to - from);
        }
        assertEquals(crcOf(algorithm, data, 0, data.length), crc);
    }

    @Test
    void emptySecondPartLeavesTheFirstCrc() {
        assertEquals(0x12345678L, CrcCombine.of(ChecksumAlgorithm.CRC32).combine(0x12345678L, 0, 0));
    }

    @Test
    void shaIsNotCombinable() {
        assertThrows(IllegalArgumentException.class, () -> CrcCombine.of(ChecksumAlgorithm.SHA256));
    }
}
