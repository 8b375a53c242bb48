package coffer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the load tool measures and where. From arguments ({@code --target name=URL,ACCESS,SECRET} repeatable,
 * {@code --large-mib}, {@code --small-count}, {@code --small-bytes}, {@code --threads}, {@code --list-keys},
 * {@code --bucket}, {@code --warmup-seconds}); without {@code --target}, one target named "target" from {@code S3_ENDPOINT},
 * {@code S3_ACCESS_KEY}, {@code S3_SECRET_KEY}. A size or count of 0 skips that measurement.
 */
record LoadSettings(List<BenchTarget> targets, int largeMiB, int smallCount, int smallBytes, int threads,
                    int listKeys, String bucket, int warmupSeconds) {
    static final String USAGE = "LoadTool [--target name=http://host:port,ACCESS,SECRET]... [--large-mib 1024] "
            + "[--small-count 2000] [--small-bytes 4096] [--threads 16] [--list-keys 100000] [--bucket coffer-bench] [--warmup-seconds 60]";

    LoadSettings {
        targets = List.copyOf(targets);
        if (targets.isEmpty() || largeMiB < 0 || smallCount < 0 || smallBytes < 0 || threads < 1 || listKeys < 0
                || warmupSeconds < 0) {
            throw new IllegalArgumentException(USAGE);
        }
    }

    static LoadSettings parse(String[] args, Map<String, String> env) {
        List<BenchTarget> targets = new ArrayList<>();
        int largeMiB = 1024;
        int smallCount = 2000;
        int smallBytes = 4096;
        int threads = 16;
        int listKeys = 100_000;
        String bucket = "coffer-bench";
        int warmupSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            switch (args[i++]) {
                case "--target" -> targets.add(BenchTarget.parse(value));
                case "--large-mib" -> largeMiB = Integer.parseInt(value);
                case "--small-count" -> smallCount = Integer.parseInt(value);
                case "--small-bytes" -> smallBytes = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--list-keys" -> listKeys = Integer.parseInt(value);
                case "--bucket" -> bucket = value;
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "; " + USAGE);
            }
        }
        if (targets.isEmpty() && env.get("S3_ENDPOINT") != null) {
            targets.add(BenchTarget.parse("target=" + env.get("S3_ENDPOINT") + "," + env.get("S3_ACCESS_KEY") + ","
                    + env.get("S3_SECRET_KEY")));
        }
        return new LoadSettings(targets, largeMiB, smallCount, smallBytes, threads, listKeys, bucket,
                warmupSeconds);
    }
}
