package coffer.gateway.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mysqld processes that serve one data directory, found by their command line: the program is {@code mysqld}
 * or {@code mariadbd} and its {@code --datadir} is that directory. Only a process that matches both is ever
 * touched, so a MariaDB of another gateway or of the system is left alone.
 *
 * <p>Why a scan and not the pid file in the data directory: the pid file says which process started last, not
 * which still runs; a mysqld whose gateway JVM was killed ({@code kill -9}, the OOM killer) is reparented and
 * keeps the InnoDB locks, and a new mysqld on the same directory would wait for them and never become ready. The
 * command line names the directory itself, whatever the pid file holds. Stateless; thread-safe.
 */
final class MysqldProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(MysqldProcesses.class);
    /** A clean InnoDB shutdown of a small catalog takes seconds; after this the process is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private MysqldProcesses() {
    }

    /** The live mysqld processes whose {@code --datadir} is {@code dataDir}. */
    static List<ProcessHandle> serving(Path dataDir) {
        Path wanted = normal(dataDir);
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> isMysqldFor(p.info().command().orElse(""), p.info().arguments().orElse(new String[0]),
                        wanted))
                .toList();
    }

    /** The one live mysqld that serves {@code dataDir}, if there is exactly one. */
    static Optional<ProcessHandle> theOne(Path dataDir) {
        List<ProcessHandle> found = serving(dataDir);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * Stops every mysqld left on {@code dataDir} by an earlier run: SIGTERM (InnoDB flushes and releases its
     * locks), then SIGKILL if it is still there after {@link #STOP_GRACE}. Returns how many it stopped.
     */
    static int stopLeftOvers(Path dataDir) throws InterruptedException {
        List<ProcessHandle> left = serving(dataDir);
        for (ProcessHandle p : left) {
            LOG.warn("a mysqld (pid {}) from an earlier run still serves {}; stopping it", p.pid(), dataDir);
            long t0 = System.nanoTime();
            p.destroy();
            if (!awaitExit(p, STOP_GRACE)) {
                LOG.warn("mysqld (pid {}) did not stop within {} s; killing it", p.pid(), STOP_GRACE.toSeconds());
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(10));
            }
            LOG.info("the earlier mysqld (pid {}) stopped after {} ms", p.pid(), (System.nanoTime() - t0) / 1_000_000);
        }
        return left.size();
    }

    private static boolean awaitExit(ProcessHandle p, Duration timeout) throws InterruptedException {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    /** Whether {@code command} with {@code args} is a mysqld whose data directory is {@code wantedDataDir}. */
    static boolean isMysqldFor(String command, String[] args, Path wantedDataDir) {
        String program = command.substring(command.lastIndexOf('/') + 1);
        if (!program.equals("mysqld") && !program.equals("mariadbd")) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            String dir = args[i].startsWith("--datadir=") ? args[i].substring("--datadir=".length())
                    : args[i].equals("--datadir") && i + 1 < args.length ? args[i + 1] : null;
            if (dir != null && !dir.isEmpty() && normal(Path.of(dir)).equals(wantedDataDir)) {
                return true;
            }
        }
        return false;
    }

    /** Absolute and normalized: EmbeddedMariaDb may hand mysqld {@code /./tmp/...} for {@code /tmp/...}. */
    static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
