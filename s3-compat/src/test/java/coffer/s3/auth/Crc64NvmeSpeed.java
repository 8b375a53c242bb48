package coffer.s3.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * One-off throughput check of {@link Crc64Nvme} (not a test: a {@code main} for docs/benchmarks.md), with the JDK's
 * intrinsic CRC32C beside it for scale. Feeds 64 KiB and 8 KiB pieces (what the body streams pass on) for
 * {@code rounds} rounds of half a second each and prints the median MiB/s. Run from s3-compat after
 * {@code mvn -o -q -B -pl s3-compat test-compile}:
 * {@code java -cp target/classes:target/test-classes coffer.s3.auth.Crc64NvmeSpeed [rounds]}.
 */
public final class Crc64NvmeSpeed {
    private Crc64NvmeSpeed() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        for (int piece : new int[] {64 * 1024, 8 * 1024}) {
            List<Double> crc64 = new ArrayList<>();
            List<Double> crc32c = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                crc64.add(mibPerSecond(new Crc64Nvme(), data, piece));
                crc32c.add(mibPerSecond(new CRC32C(), data, piece));
            }
            System.out.printf("%5d-byte pieces: CRC64NVME median %.0f MiB/s, CRC32C (JDK) median %.0f MiB/s%n",
                    piece, median(crc64), median(crc32c));
        }
    }

    private static double mibPerSecond(Checksum checksum, byte[] data, int piece) {
        long start = System.nanoTime();
        long bytes = 0;
        while (System.nanoTime() - start < 500_000_000L) {
            for (int at = 0; at < data.length; at += piece) {
                checksum.update(data, at, Math.min(piece, data.length - at));
            }
            bytes += data.length;
        }
        if (checksum.getValue() == 42) {
            System.out.print(""); // keeps the result alive
        }
        return bytes / 1048576.0 / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
