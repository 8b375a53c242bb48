package coffer.s3.body;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME, the {@code x-amz-checksum-crc64nvme} algorithm: reflected, polynomial 0xad93d23594c93659
 * (0x9a6c9329ac4bc9b5 bit-reversed), initial value and final XOR all ones. Check value: "123456789" gives
 * 0xae8b14860a799888 (CRC catalogue). Slicing-by-8, because the AWS CLI uses this checksum for every upload.
 *
 * <p>Not thread-safe. The lookup tables are computed once and never written afterwards.
 */
public final class Crc64Nvme implements Checksum {
    private static final long POLY_REFLECTED = 0x9a6c9329ac4bc9b5L;
    private static final long[][] TABLES = buildTables();

    private long crc = ~0L;

    private static long[][] buildTables() {
        long[][] tables = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            tables[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            long c = tables[0][i];
            for (int t = 1; t < 8; t++) {
                c = tables[0][(int) (c & 0xff)] ^ (c >>> 8);
                tables[t][i] = c;
            }
        }
        return tables;
    }

    @Override
    public void update(int b) {
        crc = TABLES[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        long c = crc;
        int i = offset;
        int end = offset + length;
        long[][] t = TABLES;
        while (end - i >= 8) {
            long word = (bytes[i] & 0xffL)
                    | (bytes[i + 1] & 0xffL) << 8
                    | (bytes[i + 2] & 0xffL) << 16
                    | (bytes[i + 3] & 0xffL) << 24
                    | (bytes[i + 4] & 0xffL) << 32
                    | (bytes[i + 5] & 0xffL) << 40
                    | (bytes[i + 6] & 0xffL) << 48
                    | (bytes[i + 7] & 0xffL) << 56;
            c ^= word;
            c = t[7][(int) (c & 0xff)]
                    ^ t[6][(int) ((c >>> 8) & 0xff)]
                    ^ t[5][(int) ((c >>> 16) & 0xff)]
                    ^ t[4][(int) ((c >>> 24) & 0xff)]
                    ^ t[3][(int) ((c >>> 32) & 0xff)]
                    ^ t[2][(int) ((c >>> 40) & 0xff)]
                    ^ t[1][(int) ((c >>> 48) & 0xff)]
                    ^ t[0][(int) (c >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = t[0][(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
            i++;
        }
        crc = c;
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
