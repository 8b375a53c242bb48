package coffer.s3.auth;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.zip.Checksum;

/**
 * CRC-64/NVME, the {@code x-amz-checksum-crc64nvme} algorithm: reflected, polynomial 0xad93d23594c93659
 * (0x9a6c9329ac4bc9b5 bit-reversed), initial value and final XOR all ones. Check value: "123456789" gives
 * 0xae8b14860a799888 (CRC catalogue).
 *
 * <p>Speed matters: it is the default checksum of every PUT that names none (the AWS CLI and SDKs use it for every
 * upload), and unlike CRC32/CRC32C the JDK has no intrinsic for it. Slicing-by-8 alone is bound by the latency of
 * its one dependency chain (each 8 bytes need the previous result), so blocks of {@value #STRIPE} bytes are split
 * into four lanes of {@value #LANE} bytes whose CRC registers advance independently, interleaved so the CPU
 * overlaps their table look-ups, and are then merged: the register is linear, so
 * {@code reg(A || B) = shift(reg(A)) ^ reg0(B)}, where {@code shift} appends {@value #LANE} zero bytes (a fixed
 * GF(2) matrix, applied through nibble tables) and {@code reg0} starts from zero. About twice the bytes per second
 * of plain slicing-by-8 (docs/benchmarks.md).
 *
 * <p>Not thread-safe. The lookup tables are computed once and never written afterwards.
 */
final class Crc64Nvme implements Checksum {
    private static final long POLY_REFLECTED = 0x9a6c9329ac4bc9b5L;
    private static final int LANE = 512;
    private static final int STRIPE = 4 * LANE;
    /** Slicing-by-8: entry {@code k * 256 + b} is the register after byte {@code b} followed by {@code k} zeros. */
    private static final long[] TABLE = sliceTables();
    /** Entry {@code n * 16 + v}: {@link #LANE} zero bytes appended to a register holding {@code v} in nibble n. */
    private static final long[] SHIFT = laneShiftTable();
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long crc = ~0L;

    private static long[] sliceTables() {
        long[] t = new long[8 * 256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            t[i] = c;
        }
        for (int i = 0; i < 256; i++) {
            long c = t[i];
            for (int k = 1; k < 8; k++) {
                c = t[(int) (c & 0xff)] ^ (c >>> 8);
                t[k * 256 + i] = c;
            }
        }
        return t;
    }

    private static long[] laneShiftTable() {
        long[] ofBit = new long[64];
        for (int bit = 0; bit < 64; bit++) {
            long c = 1L << bit;
            for (int zero = 0; zero < LANE; zero++) {
                c = TABLE[(int) (c & 0xff)] ^ (c >>> 8);
            }
            ofBit[bit] = c;
        }
        long[] shift = new long[16 * 16];
        for (int nibble = 0; nibble < 16; nibble++) {
            for (int v = 0; v < 16; v++) {
                long sum = 0;
                for (int b = 0; b < 4; b++) {
                    if ((v & (1 << b)) != 0) {
                        sum ^= ofBit[4 * nibble + b];
                    }
                }
                shift[nibble * 16 + v] = sum;
            }
        }
        return shift;
    }

    @Override
    public void update(int b) {
        crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long c = crc;
        int i = offset;
        int end = offset + length;
        long[] t = TABLE;
        while (end - i >= STRIPE) {
            long l0 = c;
            long l1 = 0;
            long l2 = 0;
            long l3 = 0;
            for (int j = i, stop = i + LANE; j < stop; j += 8) {
                l0 = slice8(t, l0 ^ word(bytes, j));
                l1 = slice8(t, l1 ^ word(bytes, j + LANE));
                l2 = slice8(t, l2 ^ word(bytes, j + 2 * LANE));
                l3 = slice8(t, l3 ^ word(bytes, j + 3 * LANE));
            }
            c = appendLane(appendLane(appendLane(l0) ^ l1) ^ l2) ^ l3;
            i += STRIPE;
        }
        while (end - i >= 8) {
            c = slice8(t, c ^ word(bytes, i));
            i += 8;
        }
        while (i < end) {
            c = t[(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
            i++;
        }
        crc = c;
    }

    private static long word(byte[] bytes, int index) {
        return (long) LITTLE_ENDIAN_LONG.get(bytes, index);
    }

    /** The register after the 8 bytes already XORed into {@code a}. */
    private static long slice8(long[] t, long a) {
        return t[7 * 256 + (int) (a & 0xff)]
                ^ t[6 * 256 + (int) ((a >>> 8) & 0xff)]
                ^ t[5 * 256 + (int) ((a >>> 16) & 0xff)]
                ^ t[4 * 256 + (int) ((a >>> 24) & 0xff)]
                ^ t[3 * 256 + (int) ((a >>> 32) & 0xff)]
                ^ t[2 * 256 + (int) ((a >>> 40) & 0xff)]
                ^ t[256 + (int) ((a >>> 48) & 0xff)]
                ^ t[(int) (a >>> 56)];
    }

    /** The register {@code c} after {@link #LANE} zero bytes. */
    private static long appendLane(long c) {
        long[] s = SHIFT;
        long r = 0;
        for (int nibble = 0; nibble < 16; nibble++) {
            r ^= s[nibble * 16 + (int) ((c >>> (4 * nibble)) & 0xf)];
        }
        return r;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = ~0L;
    }
}
