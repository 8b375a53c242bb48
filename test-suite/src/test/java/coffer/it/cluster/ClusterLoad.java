package coffer.it.cluster;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The write load of the cluster test: threads that PUT new objects (each key once, 1 KiB to 2 MiB; content a pure
 * function of the key, so nothing written is kept in memory) and read back some of their own acknowledged ones,
 * through clients without retries (each call is the gateway's first answer). Every call's outcome is kept with its
 * start and end time for the failover timeline; every acknowledged PUT is kept for the final check.
 *
 * <p>With several gateways the load balances like HAProxy in front of them (docs/cluster.md, "What a client sees when
 * its gateway dies"): thread {@code t} starts on gateway {@code t % gateways}; a call that fails without an HTTP
 * answer because its connection was refused, reset or closed (the gateway's process died) takes that gateway out
 * of rotation for every thread, as a load balancer's health check (or HAProxy's {@code observe layer4}) would, and
 * the thread goes on with the next gateway still in rotation. That call itself is in doubt, like any request
 * without an answer (behind HAProxy its client gets a 502, or a redispatch if the connection was never made): it
 * is recorded as a connection error on its gateway, never as an answer from Coffer.
 */
final class ClusterLoad implements AutoCloseable {
    /**
     * One call: what, on which gateway, when (System.nanoTime), and how it ended: an HTTP status, or 0 with the
     * client's error ({@code connectionLost}: refused, reset or closed, not a timeout).
     */
    record Outcome(String operation, String key, int gateway, long startNanos, long endNanos, int status,
                   String detail, boolean connectionLost) {
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
    /** Gateways taken out of rotation after a lost connection (the load balancer's view). */
    private final AtomicIntegerArray down;

    ClusterLoad(List<S3Client> clients, String bucket, int threadCount, long seed) {
        this.clients = clients;
        this.bucket = bucket;
        this.down = new AtomicIntegerArray(clients.size());
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

    /** Takes gateway {@code g} out of rotation before the load starts (one known dead). */
    ClusterLoad without(int g) {
        down.set(g, 1);
        return this;
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
        int gateway = id % clients.size();
        List<String> mine = new ArrayList<>();
        for (int i = 0; running.get(); i++) {
            gateway = inRotation(gateway);
            S3Client client = clients.get(gateway);
            Outcome o;
            if (!mine.isEmpty() && random.nextInt(5) == 0) {
                String key = mine.get(random.nextInt(mine.size()));
                o = call("GET", key, gateway, () -> {
                    byte[] got = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
                    if (!Arrays.equals(got, content(key, acknowledged.get(key)))) {
                        throw new IllegalStateException("GET " + key + " returned other bytes than acknowledged");
                    }
                });
            } else {
                String key = "t" + id + "/obj-" + i;
                int size = size(random);
                o = call("PUT", key, gateway, () -> client.putObject(r -> r.bucket(bucket).key(key),
                        RequestBody.fromBytes(content(key, size))));
                if (o.ok()) {
                    acknowledged.put(key, size);
                    mine.add(key);
                }
            }
            if (o.connectionLost()) {
                down.set(gateway, 1);
            }
        }
    }

    /** {@code gateway} if it is still in rotation, else the next one that is (all down: {@code gateway} again). */
    private int inRotation(int gateway) {
        for (int k = 0; k < clients.size(); k++) {
            int g = (gateway + k) % clients.size();
            if (down.get(g) == 0) {
                return g;
            }
        }
        return gateway;
    }

    /** 60 % up to 16 KiB (small objects, volumes), 30 % up to 256 KiB, 10 % up to 2 MiB (blob files). */
    private static int size(Random random) {
        int p = random.nextInt(10);
        int max = p < 6 ? 16 << 10 : p < 9 ? 256 << 10 : 2 << 20;
        return 1 + random.nextInt(max);
    }

    private Outcome call(String operation, String key, int gateway, Runnable call) {
        long start = System.nanoTime();
        int status;
        String detail = "";
        boolean lost = false;
        try {
            call.run();
            status = 200;
        } catch (S3Exception e) {
            status = e.statusCode();
            detail = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
        } catch (SdkClientException e) {
            status = 0;
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            boolean timeout = root instanceof SocketTimeoutException || String.valueOf(root.getMessage())
                    .contains("timed out");
            lost = !timeout && root instanceof IOException;
            detail = (timeout ? "timed out: " : lost ? "connection lost: " : "") + root.getClass().getSimpleName()
                    + ": " + root.getMessage();
        } catch (IllegalStateException e) {
            status = 0;
            detail = e.toString();
        }
        Outcome o = new Outcome(operation, key, gateway, start, System.nanoTime(), status, detail, lost);
        outcomes.add(o);
        return o;
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
