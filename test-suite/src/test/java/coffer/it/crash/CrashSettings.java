package coffer.it.crash;

import java.util.Random;

/**
 * How hard one crash run pushes: number of SIGKILLs, client threads, keys per thread, the object size mix, the
 * share and shape of multipart uploads, and how long the clients run before each kill. The short form runs inside
 * {@code make test}; the long form ({@code -Dcoffer.crash.kills=N}, which also turns on objects of tens of MiB and
 * multipart uploads of up to 4 larger parts) from {@code make crash-test}.
 */
record CrashSettings(int kills, int threads, int keysPerThread, long maxSize, long minRunMillis, long maxRunMillis,
                     int multipartPercent, int maxParts, long maxPartSize, long maxLastPart, long seed) {
    static final int SHORT_KILLS = 3;
    /** The smallest part S3 (and Coffer) accepts for any part but the last. */
    static final long MIN_PART_SIZE = 5L << 20;

    static CrashSettings fromSystemProperties() {
        int kills = Integer.getInteger("coffer.crash.kills", SHORT_KILLS);
        boolean longForm = Boolean.parseBoolean(System.getProperty("coffer.crash.long", Boolean.toString(
                kills > SHORT_KILLS)));
        long seed = Long.getLong("coffer.crash.seed", new Random().nextLong());
        return longForm
                ? new CrashSettings(kills, 6, 16, 40L << 20, 2_000, 8_000, 10, 4, 8L << 20, 8L << 20, seed)
                // Short form: two parts, the first of the minimum size, the second small, so that a multipart
                // write costs about one 5 MiB object and `make test` stays fast.
                : new CrashSettings(kills, 4, 12, 4L << 20, 1_000, 3_000, 10, 2, MIN_PART_SIZE, 256L << 10, seed);
    }

    /**
     * An object size: 10% empty, 40% up to 1 KiB, 35% up to 256 KiB, 15% up to {@link #maxSize}: mostly small
     * objects (many commits per second) with some large ones that are likely to be in flight at a kill.
     */
    long nextSize(Random random) {
        int bucket = random.nextInt(100);
        if (bucket < 10) {
            return 0;
        } else if (bucket < 50) {
            return 1 + random.nextInt(1024);
        } else if (bucket < 85) {
            return 1025 + random.nextInt(255 * 1024);
        }
        return (256L << 10) + (long) (random.nextDouble() * (maxSize - (256L << 10)));
    }

    /** Whether the next write is a multipart upload ({@link #multipartPercent} of the writes). */
    boolean nextWriteIsMultipart(Random random) {
        return random.nextInt(100) < multipartPercent;
    }

    /**
     * The state a multipart upload of {@code version} will produce: 2 to {@link #maxParts} parts of one size
     * between the minimum and {@link #maxPartSize}, the last one 1 byte to {@link #maxLastPart} (at most a part).
     */
    ObjectState nextMultipart(long version, Random random) {
        int parts = 2 + random.nextInt(maxParts - 1);
        long partSize = MIN_PART_SIZE + (long) (random.nextDouble() * (maxPartSize - MIN_PART_SIZE));
        long last = 1 + (long) (random.nextDouble() * Math.min(maxLastPart, partSize));
        return new ObjectState(version, (parts - 1) * partSize + last, partSize);
    }

    long nextRunMillis(Random random) {
        return minRunMillis + (long) (random.nextDouble() * (maxRunMillis - minRunMillis));
    }
}
