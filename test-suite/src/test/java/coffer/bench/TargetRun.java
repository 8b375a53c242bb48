package coffer.bench;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The measurements against one target, in order: one large object PUT and GET; small objects PUT, GET, LIST (one
 * page of 100 keys from a random start) and DELETE with {@code threads} clients; a full listing of
 * {@code listKeys} keys (created first, in parallel, unless the last of them already exists).
 */
final class TargetRun {
    private static final int CHUNK = 1 << 20;

    private final BenchTarget target;
    private final LoadSettings settings;
    private final byte[] block = new byte[CHUNK];

    TargetRun(BenchTarget target, LoadSettings settings) {
        this.target = target;
        this.settings = settings;
        new SplittableRandom(5).nextBytes(block);
    }

    List<Metric> run() throws Exception {
        List<Metric> metrics = new ArrayList<>();
        try (S3Client s3 = target.client()) {
            try {
                s3.createBucket(b -> b.bucket(settings.bucket()));
            } catch (BucketAlreadyOwnedByYouException e) {
                // a rerun against the same endpoint reuses the bucket (and its listing keys)
            }
            warmUp(s3);
            if (settings.largeMiB() > 0) {
                large(s3, metrics);
                progress(settings.largeMiB() + " MiB PUT and GET done");
            }
            if (settings.smallCount() > 0) {
                small(s3, metrics);
            }
            if (settings.listKeys() > 0) {
                listing(s3, metrics);
            }
        }
        return metrics;
    }

    /** Unmeasured, see {@link WarmUp}: {@code --warmup-seconds} of mixed traffic, with 32 MiB up and down. */
    private void warmUp(S3Client s3) throws Exception {
        int rounds = WarmUp.run(s3, settings.bucket(), settings.threads(),
                java.time.Duration.ofSeconds(settings.warmupSeconds()), () -> {
                    try {
                        large(s3, new ArrayList<>(), 32);
                    } catch (Exception e) {
                        throw new IllegalStateException("warm-up large object failed", e);
                    }
                });
        progress("warmed up (" + rounds + " rounds)");
    }

    private void large(S3Client s3, List<Metric> metrics) throws Exception {
        large(s3, metrics, settings.largeMiB());
    }

    private void large(S3Client s3, List<Metric> metrics, int mib) throws Exception {
        long size = (long) mib << 20;
        String key = "large/object";
        long c0 = Parallel.processCpuNanos();
        long t0 = System.nanoTime();
        s3.putObject(b -> b.bucket(settings.bucket()).key(key),
                RequestBody.fromContentProvider(() -> repeating(size), size, "application/octet-stream"));
        long t1 = System.nanoTime();
        long c1 = Parallel.processCpuNanos();
        long got = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(settings.bucket()).key(key))) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.read(buf)) > 0) {
                got += n;
            }
        }
        long t2 = System.nanoTime();
        long c2 = Parallel.processCpuNanos();
        if (got != size) {
            throw new IllegalStateException("large GET returned " + got + " of " + size + " bytes");
        }
        s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        String label = mib + " MiB ";
        metrics.add(new Metric(label + "PUT", "MiB/s", mib / ((t1 - t0) / 1e9), true));
        metrics.add(new Metric(label + "PUT client CPU", "ms/MiB", (c1 - c0) / 1e6 / mib, false));
        metrics.add(new Metric(label + "GET", "MiB/s", mib / ((t2 - t1) / 1e9), true));
        metrics.add(new Metric(label + "GET client CPU", "ms/MiB", (c2 - c1) / 1e6 / mib, false));
    }

    private void small(S3Client s3, List<Metric> metrics) throws Exception {
        int count = settings.smallCount();
        int size = settings.smallBytes();
        byte[] body = new byte[size];
        new SplittableRandom(4).nextBytes(body);
        String bucket = settings.bucket();
        List<Latencies.Phase> phases = new ArrayList<>();
        phases.add(Parallel.run("PUT", settings.threads(), count, i ->
                s3.putObject(b -> b.bucket(bucket).key(smallKey(i)), RequestBody.fromBytes(body))));
        phases.add(Parallel.run("GET", settings.threads(), count, i -> {
            byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(smallKey(i))).asByteArray();
            if (got.length != size) {
                throw new IllegalStateException("GET returned " + got.length + " bytes");
            }
        }));
        phases.add(Parallel.run("LIST", settings.threads(), Math.max(1, count / 10), i -> {
            String start = smallKey(new SplittableRandom(i).nextInt(count)); // pages from anywhere in the set
            s3.listObjectsV2(b -> b.bucket(bucket).prefix("small/").startAfter(start).maxKeys(100));
        }));
        phases.add(Parallel.run("DELETE", settings.threads(), count, i ->
                s3.deleteObject(b -> b.bucket(bucket).key(smallKey(i)))));
        String label = (size % 1024 == 0 ? size / 1024 + " KiB " : size + " B ");
        for (Latencies.Phase p : phases) {
            String name = label + p.name() + (p.name().equals("LIST") ? " (100-key page)" : "");
            metrics.add(new Metric(name, "ops/s", p.opsPerSecond(), true));
            metrics.add(new Metric(name + " p50", "ms", p.p50Nanos() / 1e6, false));
            metrics.add(new Metric(name + " p99", "ms", p.p99Nanos() / 1e6, false));
            metrics.add(new Metric(name + " client CPU", "ms/op", p.clientCpuMillisPerOp(), false));
        }
        progress(label + "objects done (" + count + " each)");
    }

    private void listing(S3Client s3, List<Metric> metrics) throws Exception {
        int n = settings.listKeys();
        String bucket = settings.bucket();
        String prefix = "list" + n + "/";
        if (!exists(s3, prefix + listKey(n - 1))) {
            long t0 = System.nanoTime();
            Parallel.run("create", settings.threads(), n, i ->
                    s3.putObject(b -> b.bucket(bucket).key(prefix + listKey(i)), RequestBody.empty()));
            progress("created " + n + " keys to list in " + String.format("%.0f s", (System.nanoTime() - t0) / 1e9));
        }
        long t0 = System.nanoTime();
        int listed = 0;
        int pages = 0;
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(t));
            for (S3Object ignored : page.contents()) {
                listed++;
            }
            pages++;
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        long wall = System.nanoTime() - t0;
        if (listed != n) {
            throw new IllegalStateException("listing returned " + listed + " of " + n + " keys");
        }
        metrics.add(new Metric("list " + n + " keys (" + pages + " pages)", "s", wall / 1e9, false));
        progress("listed " + n + " keys");
    }

    private boolean exists(S3Client s3, String key) {
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String smallKey(int i) {
        return String.format("small/%07d", i);
    }

    private static String listKey(int i) {
        return String.format("k%07d", i);
    }

    private void progress(String what) {
        System.err.println("[bench] " + target.name() + ": " + what);
    }

    /** {@code length} bytes of a 1 MiB random block, repeated: no client CPU beyond a memcpy. */
    private InputStream repeating(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? block[(int) (position++ % CHUNK)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return len == 0 ? 0 : -1;
                }
                int at = (int) (position % CHUNK);
                int n = (int) Math.min(Math.min(len, CHUNK - at), length - position);
                System.arraycopy(block, at, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
