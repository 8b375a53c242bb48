package coffer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the processes that serve a target, of this process (the client) and of the whole machine, from
 * Linux's {@code /proc}, around one measured phase: what bounds a figure when client, servers and whatever else runs
 * share the cores. A process's time is {@code utime + stime} of {@code /proc/PID/stat}; the machine's busy time is
 * everything in the first line of {@code /proc/stat} but idle and iowait, over all cores. Both count in clock ticks
 * of {@value #TICK_MILLIS} ms (Linux's USER_HZ is 100 on every common architecture). A process that is gone counts as
 * 0. Without {@code /proc} every figure is 0.
 */
final class ServerCpu {
    static final long TICK_MILLIS = 10;

    private final Map<String, List<Long>> roles;
    private final Map<String, Long> rolesAtStart;
    private final long clientNanosAtStart;
    private final long[] machineAtStart;

    private ServerCpu(Map<String, List<Long>> roles) {
        this.roles = roles;
        this.rolesAtStart = roleTicks(roles);
        this.clientNanosAtStart = Parallel.processCpuNanos();
        this.machineAtStart = machineTicks();
    }

    /** Starts counting for {@code roles} (role name to pids). */
    static ServerCpu start(Map<String, List<Long>> roles) {
        return new ServerCpu(roles);
    }

    /**
     * CPU used since {@link #start}: milliseconds per role, the client's, the rest of the machine's ("other": busy
     * time no listed process and not the client spent) and the share of all cores that was busy.
     */
    Usage stop() {
        Map<String, Long> now = roleTicks(roles);
        long[] machine = machineTicks();
        double clientMillis = (Parallel.processCpuNanos() - clientNanosAtStart) / 1e6;
        Map<String, Double> millis = new LinkedHashMap<>();
        double listed = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            double ms = (e.getValue() - rolesAtStart.get(e.getKey())) * (double) TICK_MILLIS;
            millis.put(e.getKey(), ms);
            listed += ms;
        }
        double busyMillis = (machine[0] - machineAtStart[0]) * (double) TICK_MILLIS;
        long total = machine[1] - machineAtStart[1];
        double busyShare = total > 0 ? (machine[0] - machineAtStart[0]) / (double) total : 0;
        return new Usage(millis, clientMillis, Math.max(0, busyMillis - listed - clientMillis), busyShare);
    }

    /** What {@link #stop} measured; milliseconds of CPU over the phase. */
    record Usage(Map<String, Double> roleMillis, double clientMillis, double otherMillis, double machineBusyShare) {
    }

    private static Map<String, Long> roleTicks(Map<String, List<Long>> roles) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        roles.forEach((role, pids) -> ticks.put(role, pids.stream().mapToLong(ServerCpu::processTicks).sum()));
        return ticks;
    }

    /** utime + stime of one process, in ticks; 0 if it is gone or unreadable. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {busy, total} ticks of all cores since boot. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
