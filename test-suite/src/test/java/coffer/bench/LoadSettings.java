package coffer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the load tool measures and where. From arguments ({@code --target name=URL[+URL...],ACCESS,SECRET}
 * repeatable, {@code --large-mib}, {@code --large-count}, {@code --large-threads}, {@code --small-count},
 * {@code --small-bytes}, {@code --small-ops} (some of PUT, GET, LIST, DELETE),
 * {@code --threads}, {@code --list-keys}, {@code --bucket}, {@code --warmup-seconds},
 * {@code --rounds}, {@code --cpu role=PID[+PID...]} repeatable); without {@code --target}, one target named "target"
 * from {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY}, {@code S3_SECRET_KEY} (no target at all is the caller's to refuse:
 * the scale-out driver adds its own). A size or count of 0 skips that measurement. A later option overrides an
 * earlier one, so a caller can put defaults first. Each {@code --cpu} role is added to every target: processes
 * whose CPU time is reported per phase ({@link ServerCpu}).
 */
record LoadSettings(List<BenchTarget> targets, int largeMiB, int largeCount, int largeThreads, int smallCount,
                    int smallBytes, List<String> smallOps, int threads, int listKeys, String bucket, int warmupSeconds,
                    int rounds) {
    /** The small-object phases, in the order they run. */
    static final List<String> SMALL_OPS = List.of("PUT", "GET", "LIST", "DELETE");
    static final String USAGE = "LoadTool [--target name=http://host:port[+http://host2:port...],ACCESS,SECRET]... "
            + "[--large-mib 1024] [--large-count 1] [--large-threads 1] [--small-count 2000] [--small-bytes 4096] "
            + "[--small-ops put,get,list,delete] "
            + "[--threads 16] [--list-keys 100000] [--bucket coffer-bench] [--warmup-seconds 60] [--rounds 1] "
            + "[--cpu role=PID[+PID...]]...";

    LoadSettings {
        targets = List.copyOf(targets);
        smallOps = List.copyOf(smallOps);
        if (!SMALL_OPS.containsAll(smallOps) || largeMiB < 0 || largeCount < 1 || largeThreads < 1 || smallCount < 0
                || smallBytes < 0 || threads < 1 || listKeys < 0 || warmupSeconds < 0 || rounds < 1) {
            throw new IllegalArgumentException(USAGE);
        }
    }

    static LoadSettings parse(String[] args, Map<String, String> env) {
        List<BenchTarget> targets = new ArrayList<>();
        Map<String, List<Long>> cpu = new LinkedHashMap<>();
        int largeMiB = 1024;
        int largeCount = 1;
        int largeThreads = 1;
        int smallCount = 2000;
        int smallBytes = 4096;
        List<String> smallOps = SMALL_OPS;
        int threads = 16;
        int listKeys = 100_000;
        String bucket = "coffer-bench";
        int warmupSeconds = 60;
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            switch (args[i++]) {
                case "--target" -> targets.add(BenchTarget.parse(value));
                case "--large-mib" -> largeMiB = Integer.parseInt(value);
                case "--large-count" -> largeCount = Integer.parseInt(value);
                case "--large-threads" -> largeThreads = Integer.parseInt(value);
                case "--small-count" -> smallCount = Integer.parseInt(value);
                case "--small-bytes" -> smallBytes = Integer.parseInt(value);
                case "--small-ops" -> smallOps = List.of(value.toUpperCase(java.util.Locale.ROOT).split(","));
                case "--threads" -> threads = Integer.parseInt(value);
                case "--list-keys" -> listKeys = Integer.parseInt(value);
                case "--bucket" -> bucket = value;
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--cpu" -> putRole(cpu, value);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "; " + USAGE);
            }
        }
        if (targets.isEmpty() && env.get("S3_ENDPOINT") != null) {
            targets.add(BenchTarget.parse("target=" + env.get("S3_ENDPOINT") + "," + env.get("S3_ACCESS_KEY") + ","
                    + env.get("S3_SECRET_KEY")));
        }
        List<BenchTarget> withCpu = new ArrayList<>();
        for (BenchTarget t : targets) {
            for (Map.Entry<String, List<Long>> role : cpu.entrySet()) {
                t = t.withProcesses(role.getKey(), role.getValue());
            }
            withCpu.add(t);
        }
        return new LoadSettings(withCpu, largeMiB, largeCount, largeThreads, smallCount, smallBytes, smallOps, threads,
                listKeys, bucket, warmupSeconds, rounds);
    }

    private static void putRole(Map<String, List<Long>> cpu, String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--cpu is role=PID[+PID...]; " + USAGE);
        }
        List<Long> pids = new ArrayList<>();
        for (String pid : spec.substring(eq + 1).split("\\+")) {
            pids.add(Long.parseLong(pid));
        }
        cpu.put(spec.substring(0, eq), pids);
    }

    /** These settings with {@code targets} instead (the scale-out driver builds its targets itself). */
    LoadSettings withTargets(List<BenchTarget> newTargets) {
        return new LoadSettings(newTargets, largeMiB, largeCount, largeThreads, smallCount, smallBytes, smallOps,
                threads, listKeys, bucket, warmupSeconds, rounds);
    }
}
