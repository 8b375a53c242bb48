package coffer.gateway.db;

import coffer.gateway.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded MariaDB, started again when its mysqld dies (killed alone, the OOM killer, a crash).
 * A watcher thread looks at the mysqld process every {@link #POLL}; once it is gone it logs the outage once and
 * starts a new server on the same data and the same port, so that the connection pool reconnects by itself,
 * retrying with a back-off from {@link #FIRST_RETRY} doubling up to {@link #MAX_RETRY} while starts fail.
 * Meanwhile requests answer 503 and readiness is false (both through the pool). Closing stops the watcher first,
 * then the server. Thread-safe.
 */
public final class SupervisedMariaDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedMariaDb.class);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for a restart under way to finish before it stops what it started. */
    private static final Duration WATCHER_STOP = Duration.ofSeconds(30);

    private final Path dir;
    private final Path binariesRoot;
    private final int port;
    private final Object lock = new Object();
    private final Thread watcher;
    private EmbeddedMariaDb current; // guarded by lock
    private boolean closing; // guarded by lock

    private SupervisedMariaDb(Path dir, Path binariesRoot, EmbeddedMariaDb first) {
        this.dir = dir;
        this.binariesRoot = binariesRoot;
        this.port = first.port();
        this.current = first;
        this.watcher = new Thread(this::watch, "embedded-mariadb-watch");
        this.watcher.setDaemon(true);
    }

    /** Starts a MariaDB server under {@code dir} on a free port, its programs under {@code binariesRoot}, and watches it. */
    public static SupervisedMariaDb start(Path dir, Path binariesRoot) throws Exception {
        SupervisedMariaDb db = new SupervisedMariaDb(dir, binariesRoot, EmbeddedMariaDb.start(dir, 0, binariesRoot));
        db.watcher.start();
        return db;
    }

    /** The gateway's catalog database and account; the port and the password stay the same across restarts. */
    public ServerConfig.DatabaseConfig catalog() {
        synchronized (lock) {
            return current.catalog();
        }
    }

    public int port() {
        return port;
    }

    private void watch() {
        Path dataDir = EmbeddedMariaDb.dataDir(dir);
        try {
            while (true) {
                Optional<ProcessHandle> mysqld = MysqldProcesses.theOne(dataDir);
                if (mysqld.isEmpty()) {
                    LOG.warn("cannot find the embedded MariaDB's process for {}; it is not watched", dataDir);
                    return;
                }
                while (mysqld.get().isAlive()) {
                    Thread.sleep(POLL.toMillis());
                }
                synchronized (lock) {
                    if (closing) {
                        return;
                    }
                }
                LOG.error("the embedded MariaDB (pid {}) exited unexpectedly; requests answer 503 until it is "
                        + "restarted", mysqld.get().pid());
                restart();
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Starts a new server on the same port, with back-off, until one runs or we are closing. */
    private void restart() throws InterruptedException {
        long lostAt = System.nanoTime();
        closeQuietly(currentOrNull());
        Duration wait = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            synchronized (lock) {
                if (closing) {
                    throw new InterruptedException("closing");
                }
            }
            EmbeddedMariaDb started;
            try {
                started = EmbeddedMariaDb.start(dir, port, binariesRoot);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("restart {} of the embedded MariaDB failed ({}); next attempt in {} s", attempt,
                        e.getClass().getSimpleName(), wait.toSeconds());
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
                continue;
            }
            synchronized (lock) {
                if (closing) {
                    closeQuietly(started);
                    throw new InterruptedException("closing");
                }
                current = started;
            }
            LOG.info("the embedded MariaDB is back on port {}, {} ms after it was lost", port,
                    (System.nanoTime() - lostAt) / 1_000_000);
            return;
        }
    }

    private EmbeddedMariaDb currentOrNull() {
        synchronized (lock) {
            return current;
        }
    }

    private static void closeQuietly(EmbeddedMariaDb db) {
        try {
            db.close();
        } catch (Exception e) {
            LOG.warn("could not stop the embedded MariaDB: {}", e.toString());
        }
    }

    /** Stops watching, then shuts the server down cleanly. */
    @Override
    public void close() throws Exception {
        synchronized (lock) {
            closing = true;
        }
        watcher.interrupt();
        watcher.join(WATCHER_STOP.toMillis());
        currentOrNull().close();
    }
}
