package coffer.bench;

import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Unmeasured traffic before the measurements, for a fixed time: rounds of small PUT, GET, one-page LIST and DELETE
 * on {@code threads} clients, with one large PUT and GET per round. A JVM server compiles its hot paths with C2
 * over the first tens of thousands of requests; until then a profile of a 4 KiB PUT run shows the JIT compiler
 * using half the gateway's CPU. Measuring before that would compare compilers, not servers, so both targets get
 * the same warm-up and the measurements show steady state.
 */
final class WarmUp {
    private static final int ROUND = 500;

    private WarmUp() {
    }

    /** Runs rounds until {@code time} has passed (at least one round); {@code large} runs the large PUT and GET. */
    static int run(S3Client s3, String bucket, int threads, Duration time, Runnable large) throws Exception {
        byte[] body = new byte[4096];
        long deadline = System.nanoTime() + time.toNanos();
        int rounds = 0;
        do {
            large.run();
            Parallel.run("warm-up", threads, ROUND, i -> {
                String key = "warm-up/" + i;
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                if (i % 10 == 0) {
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix("warm-up/").maxKeys(100));
                }
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            });
            rounds++;
        } while (System.nanoTime() < deadline);
        return rounds;
    }
}
