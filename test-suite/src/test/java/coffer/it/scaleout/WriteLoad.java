package coffer.it.scaleout;

import coffer.it.support.S3Clients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * PUTs of new objects through several gateways at once, as clients without retries (each call shows the gateway's
 * first answer): per gateway one thread of 1.5 MB objects (streamed to the store as blobs of their own) and the
 * others of 4 KiB (packed with group commit), every fifth read back through the same gateway. It remembers every
 * acknowledged PUT (its body is regenerated from a seed) and every failure with its time and HTTP status (0: no
 * answer, e.g. the gateway was killed). Thread-safe; {@link #stop} once.
 */
final class WriteLoad {
    /** A PUT the gateway answered 200 to, through gateway {@code gateway}, at {@code atNanos} (System.nanoTime). */
    record Acked(String key, int size, long seed, int gateway, long atNanos) {
        byte[] body() {
            return WriteLoad.body(size, seed);
        }
    }

    /** A request that failed: an S3 error ({@code status} > 0) or none at all (0). */
    record Failure(String request, int gateway, long atNanos, int status, String what) {
    }

    private final Map<String, Acked> acked = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong longestNanos = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts {@code threadsPerGateway} writers on each endpoint, into {@code bucket} under {@code prefix}. */
    WriteLoad(String bucket, String prefix, List<URI> endpoints, int threadsPerGateway, String accessKey,
              String secretKey) {
        for (int g = 0; g < endpoints.size(); g++) {
            for (int t = 0; t < threadsPerGateway; t++) {
                int gateway = g;
                int size = t == 0 ? 1_500_000 : 4096;
                String name = prefix + "/" + g + "-" + t;
                URI endpoint = endpoints.get(g);
                Thread thread = new Thread(() -> write(bucket, name, gateway, size, endpoint, accessKey, secretKey),
                        "load-" + name);
                thread.start();
                threads.add(thread);
            }
        }
    }

    static byte[] body(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private void write(String bucket, String name, int gateway, int size, URI endpoint, String accessKey,
                       String secretKey) {
        try (S3Client s3 = S3Clients.withoutRetries(endpoint, accessKey, secretKey)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            for (int i = 0; running.get(); i++) {
                String key = name + "/" + i;
                long seed = ((long) name.hashCode() << 20) ^ i;
                byte[] body = body(size, seed);
                if (call("PUT " + key, gateway, () -> s3.putObject(b -> b.bucket(bucket).key(key),
                        RequestBody.fromBytes(body)))) {
                    acked.put(key, new Acked(key, size, seed, gateway, System.nanoTime()));
                    if (i % 5 == 0) {
                        call("GET " + key, gateway, () -> {
                            byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
                            if (!Arrays.equals(body, got)) {
                                failures.add(new Failure("GET " + key, gateway, System.nanoTime(), 200,
                                        "other bytes than were written"));
                            }
                        });
                    }
                }
            }
        }
    }

    /** Runs one request; whether it succeeded. Failures are recorded, never thrown. */
    private boolean call(String request, int gateway, Runnable r) {
        long start = System.nanoTime();
        try {
            r.run();
            return true;
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode();
            failures.add(new Failure(request, gateway, System.nanoTime(), e.statusCode(), e.statusCode() + " "
                    + code));
            pause();
            return false;
        } catch (RuntimeException e) {
            failures.add(new Failure(request, gateway, System.nanoTime(), 0, e.toString()));
            pause();
            return false;
        } finally {
            longestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    /** A short pause after a failure, so that a gateway that is down is not asked thousands of times. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writers and waits for them; whether all stopped within {@code limit} (none hangs). */
    boolean stop(Duration limit) throws InterruptedException {
        running.set(false);
        long end = System.nanoTime() + limit.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    int ackedCount() {
        return acked.size();
    }

    Map<String, Acked> acked() {
        return Map.copyOf(acked);
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The longest single request, in milliseconds. */
    long longestMillis() {
        return longestNanos.get() / 1_000_000;
    }
}
