package coffer.s3.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * CRC combination: the CRC of {@code A || B} from {@code crc(A)}, {@code crc(B)} and {@code len(B)}, without the
 * data. This is zlib's {@code crc32_combine} method (appending {@code len(B)} zero bytes to A is a linear map over
 * GF(2), computed by repeated squaring of the one-zero-bit operator), generalised to any reflected CRC of width up
 * to 64 whose initial value equals its final XOR (CRC32, CRC32C and CRC64NVME all use all ones, which cancel).
 *
 * <p>The operator for a given length is built once per instance and reused, so combining the 10,000 equal-sized
 * parts of an upload costs one matrix build plus one cheap application per part. Not thread-safe.
 */
public final class CrcCombine {
    private final int width;
    private final long polyReflected;
    private final Map<Long, long[]> operators = new HashMap<>();

    public CrcCombine(int width, long polyReflected) {
        if (width < 1 || width > 64) {
            throw new IllegalArgumentException("width must be 1..64");
        }
        this.width = width;
        this.polyReflected = polyReflected;
    }

    /** The combiner for one of the CRC algorithms. */
    public static CrcCombine of(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> new CrcCombine(32, 0xEDB88320L);
            case CRC32C -> new CrcCombine(32, 0x82F63B78L);
            case CRC64NVME -> new CrcCombine(64, 0x9a6c9329ac4bc9b5L);
            case SHA1, SHA256 -> throw new IllegalArgumentException(algorithm + " is not a CRC");
        };
    }

    /** {@code crc(A || B)}, given {@code crc(A)}, {@code crc(B)} and {@code B}'s length in bytes. */
    public long combine(long crcA, long crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        if (lengthB == 0) {
            return crcA;
        }
        return times(operators.computeIfAbsent(lengthB, this::zeroBytesOperator), crcA) ^ crcB;
    }

    /** The matrix that appends {@code bytes} zero bytes to a CRC register. */
    private long[] zeroBytesOperator(long bytes) {
        long[] power = new long[width];
        // One zero bit: shift right, folding the polynomial in when the low bit falls out.
        power[0] = polyReflected;
        for (int n = 1; n < width; n++) {
            power[n] = 1L << (n - 1);
        }
        for (int i = 0; i < 3; i++) {
            power = compose(power, power); // 2, 4, then 8 zero bits: one zero byte
        }
        long[] result = null;
        long remaining = bytes;
        while (remaining != 0) {
            if ((remaining & 1) != 0) {
                result = result == null ? power : compose(power, result);
            }
            remaining >>>= 1;
            if (remaining != 0) {
                power = compose(power, power);
            }
        }
        return result;
    }

    /** The matrix (over GF(2), columns as bit vectors) applied to {@code vector}. */
    private static long times(long[] matrix, long vector) {
        long sum = 0;
        int i = 0;
        long v = vector;
        while (v != 0) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
            v >>>= 1;
            i++;
        }
        return sum;
    }

    /** {@code a ∘ b}: apply {@code b}, then {@code a}. */
    private long[] compose(long[] a, long[] b) {
        long[] out = new long[width];
        for (int n = 0; n < width; n++) {
            out[n] = times(a, b[n]);
        }
        return out;
    }
}
