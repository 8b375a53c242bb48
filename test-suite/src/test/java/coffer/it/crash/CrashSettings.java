package coffer.it.crash;

import java.util.Random;

/**
 * How hard one crash run pushes: number of SIGKILLs, client threads, keys per thread, the object size mix, and how
 * long the clients run before each kill. The short form runs inside {@code make test}; the long form
 * ({@code -Dcoffer.crash.kills=N}, which also turns on objects of tens of MiB) from {@code make crash-test}.
 */
record CrashSettings(int kills, int threads, int keysPerThread, long maxSize, long minRunMillis, long maxRunMillis,
                     long seed) {
    static final int SHORT_KILLS = 3;

    static CrashSettings fromSystemProperties() {
        int kills = Integer.getInteger("coffer.crash.kills", SHORT_KILLS);
        boolean longForm = Boolean.parseBoolean(System.getProperty("coffer.crash.long", Boolean.toString(
                kills > SHORT_KILLS)));
        long seed = Long.getLong("coffer.crash.seed", new Random().nextLong());
        return longForm
                ? new CrashSettings(kills, 6, 16, 40L << 20, 2_000, 8_000, seed)
                : new CrashSettings(kills, 4, 12, 4L << 20, 1_000, 3_000, seed);
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

    long nextRunMillis(Random random) {
        return minRunMillis + (long) (random.nextDouble() * (maxRunMillis - minRunMillis));
    }
}
