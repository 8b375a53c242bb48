package coffer.it.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The write load of the cluster test: threads that PUT new objects (each key once, 1 KiB to 2 MiB; content a pure
 * function of the key, so nothing written is kept in memory) and read back some of their own acknowledged ones,
 * through clients without retries (each call is the gateway's first answer). Every call's outcome is kept with its
 * start and end time for the failover timeline; every acknowledged PUT is kept for the final check. With several
 * gateways, thread {@code t} uses client {@code t % clients}.
 */
final class ClusterLoad implements AutoCloseable {
    /** One call: what, when (System.nanoTime), and how it ended: an HTTP status, or 0 with the client's error. */
    record Outcome(String operation, String key, long startNanos, long endNanos, int status, String detail) {
        boolean ok() {
            return status == 200;
        }
    }

    private final List<S3Client> clients;
    private final String bucket;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    ClusterLoad(List<S3Client> clients, String bucket, int threadCount, long seed) {
        this.clients = clients;
        this.bucket = bucket;
        for (int t = 0; t < threadCount; t++) {
            int id = t;
            Thread thread = new Thread(() -> work(id, new Random(seed + id)), "cluster-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Acknowledged PUTs: key to size. */
    Map<String, Integer> acknowledged() {
        return acknowledged;
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Content of a key: a pure function of it. */
    static byte[] content(String key, int size) {
        byte[] b = new byte[size];
        new Random(key.hashCode() * 31L + size).nextBytes(b);
        return b;
    }

    private void work(int id, Random random) {
        S3Client client = clients.get(id % clients.size());
        List<String> mine = new ArrayList<>();
        for (int i = 0; running.get(); i++) {
            if (!mine.isEmpty() && random.nextInt(5) == 0) {
                String key = mine.get(random.nextInt(mine.size()));
                call("GET", key, () -> {
                    byte[] got = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
                    if (!Arrays.equals(got, content(key, acknowledged.get(key)))) {
                        throw new IllegalStateException("GET " + key + " returned other bytes than acknowledged");
                    }
                });
                continue;
            }
            String key = "t" + id + "/obj-" + i;
            int size = size(random);
            boolean ok = call("PUT", key, () -> client.putObject(r -> r.bucket(bucket).key(key),
                    RequestBody.fromBytes(content(key, size))));
            if (ok) {
                acknowledged.put(key, size);
                mine.add(key);
            }
        }
    }

    /** 60 % up to 16 KiB (small objects, volumes), 30 % up to 256 KiB, 10 % up to 2 MiB (blob files). */
    private static int size(Random random) {
        int p = random.nextInt(10);
        int max = p < 6 ? 16 << 10 : p < 9 ? 256 << 10 : 2 << 20;
        return 1 + random.nextInt(max);
    }

    private boolean call(String operation, String key, Runnable call) {
        long start = System.nanoTime();
        int status;
        String detail = "";
        try {
            call.run();
            status = 200;
        } catch (S3Exception e) {
            status = e.statusCode();
            detail = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
        } catch (SdkClientException | IllegalStateException e) {
            status = 0;
            detail = e.toString();
        }
        outcomes.add(new Outcome(operation, key, start, System.nanoTime(), status, detail));
        return status == 200;
    }

    /** Stops the threads after their call in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(120_000);
        }
    }
}
