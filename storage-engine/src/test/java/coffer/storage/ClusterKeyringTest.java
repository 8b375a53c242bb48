package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import coffer.storage.accounts.CreatedAccount;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.keys.KeyRotation;
import coffer.storage.keys.KeyRotationException;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.Sql;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One keyring for a cluster (docs/security.md): two storage engines, as two gateways would open them, on one real
 * MariaDB catalog, one blob directory and one cluster key file. Real files, real database.
 */
class ClusterKeyringTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final SecureRandom random = new SecureRandom();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private DataSource db;
    private Path dir;
    private Path keyFile;
    private Path blobDir;

    @BeforeEach
    void setUp() throws Exception {
        db = EmbeddedMariaDb.get().newDatabase("cluster_keyring_" + DATABASES.incrementAndGet());
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-keyring")), "c");
        keyFile = dir.resolve("secrets").resolve("cluster.key");
        blobDir = dir.resolve("blobs");
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        root.detachAppender(logs);
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private StorageEngine gateway(String name) throws Exception {
        return gateway(keyFile, dir.resolve(name).resolve("keys"));
    }

    private StorageEngine gateway(Path file, Path keyDir) throws Exception {
        StorageEngine.Keys keys = StorageEngine.openClusterKeys(file, keyDir, random);
        StorageEngine engine = StorageEngine.open(settings(), keys, db);
        open.add(engine);
        return engine;
    }

    private EngineSettings settings() {
        // Files only: two volume engines must not share one volume directory.
        return new EngineSettings(blobDir, 0, false, VolumeSettings.DEFAULTS, Duration.ofMinutes(5),
                MultipartLimits.DEFAULTS, Clock.systemUTC(), random, GatewayIdentity.anonymous(random));
    }

    @Test
    void twoGatewaysOnOneCatalogReadEachOthersSecretsAndBlobs() throws Exception {
        StorageEngine a = gateway("a");
        assertTrue(Files.exists(keyFile), "the first gateway creates the cluster key file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(32, Files.size(keyFile));
        assertFalse(Files.exists(dir.resolve("a").resolve("keys")), "no key directory in cluster mode");
        StorageEngine b = gateway("b");

        CreatedAccount created = a.store().accounts().create(NewAccount.named("shared"));
        String secret = b.store().accounts().findSigningKey(created.key().accessKeyId()).orElseThrow().key()
                .secretKey();
        assertEquals(created.key().secretKey(), secret, "B opens the secret A sealed");

        Bucket bucket = a.store().createBucket(created.account().id(), "shared-bucket", "us-east-1");
        byte[] small = bytes(1000);
        byte[] large = bytes(300_000);
        put(a, bucket, "small", small);
        put(a, bucket, "large", large);
        assertArrayEquals(small, read(b, bucket, "small"));
        assertArrayEquals(large, read(b, bucket, "large"));
        byte[] back = bytes(5000);
        put(b, bucket, "from-b", back);
        assertArrayEquals(back, read(a, bucket, "from-b"));
        assertNoKeyMaterialLogged();
    }

    @Test
    void rotationThroughOneGatewayReachesTheOther() throws Exception {
        StorageEngine a = gateway("a");
        StorageEngine b = gateway("b");
        CreatedAccount created = a.store().accounts().create(NewAccount.named("rot"));
        Bucket bucket = a.store().createBucket(created.account().id(), "rot-bucket", "us-east-1");
        byte[] old = bytes(2000);
        put(b, bucket, "old", old);
        assertEquals(1, keyVersion("old"));

        KeyRotation rotation = new KeyRotation(db, a.keyring(), Clock.systemUTC());
        open.add(rotation);
        assertEquals(2, rotation.rotate());
        put(a, bucket, "new-a", bytes(10));
        assertEquals(2, keyVersion("new-a"));

        // B meets a value under version 2, which it does not hold yet: it loads the keyring again and opens it.
        assertArrayEquals(read(a, bucket, "new-a"), read(b, bucket, "new-a"));
        byte[] fromB = bytes(3000);
        put(b, bucket, "new-b", fromB);
        assertEquals(2, keyVersion("new-b"), "B writes under the new version");
        assertArrayEquals(old, read(b, bucket, "old"), "and still reads the old one");
        assertEquals(created.key().secretKey(), b.store().accounts().findSigningKey(created.key().accessKeyId())
                .orElseThrow().key().secretKey());

        // Rotation through B: A picks the version up by itself (the refresher), without meeting a value under it.
        KeyRotation rotationB = new KeyRotation(db, b.keyring(), Clock.systemUTC());
        open.add(rotationB);
        assertEquals(3, rotationB.rotate());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (a.keyring().currentVersion() != 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(3, a.keyring().currentVersion(), "A takes up the version B made current");

        // Destroying version 1: refused while it was current moments ago, as other gateways may still use it.
        rotation.rewrapNow();
        KeyRotationException tooSoon = assertThrows(KeyRotationException.class, () -> rotation.destroy(1));
        assertTrue(tooSoon.getMessage().contains("try again"), tooSoon.getMessage());
        assertNoKeyMaterialLogged();
    }

    @Test
    void aKeyFileThatIsNotTheCatalogsRefusesTheStart() throws Exception {
        gateway("a");
        Path other = dir.resolve("other.key");
        Files.write(other, bytes(32));
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        KeyDirectoryException e = assertThrows(KeyDirectoryException.class,
                () -> gateway(other, dir.resolve("b").resolve("keys")));
        assertTrue(e.getMessage().contains("does not match this catalog's cluster keyring"), e.getMessage());
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
        assertFalse(containsKey(e.getMessage(), Files.readAllBytes(other)), "no key material in the message");
        assertFalse(containsKey(e.getMessage(), Files.readAllBytes(keyFile)), "no key material in the message");

        Path missing = dir.resolve("missing.key");
        KeyDirectoryException absent = assertThrows(KeyDirectoryException.class,
                () -> gateway(missing, dir.resolve("c").resolve("keys")));
        assertTrue(absent.getMessage().contains("copy the cluster key file"), absent.getMessage());
        assertFalse(Files.exists(missing), "a joining gateway never makes a key file of its own");
        assertNoKeyMaterialLogged();
    }

    @Test
    void aKeyFileOpenToOthersRefusesTheStartBeforeTheDatabase() throws Exception {
        gateway("a");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        KeyDirectoryException e = assertThrows(KeyDirectoryException.class,
                () -> StorageEngine.openClusterKeys(keyFile, dir.resolve("b").resolve("keys"), random));
        assertTrue(e.getMessage().contains(keyFile.toString()) && e.getMessage().contains("0600"), e.getMessage());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Files.write(keyFile, bytes(16));
        KeyDirectoryException shortFile = assertThrows(KeyDirectoryException.class,
                () -> StorageEngine.openClusterKeys(keyFile, dir.resolve("b").resolve("keys"), random));
        assertTrue(shortFile.getMessage().contains("32 bytes"), shortFile.getMessage());
    }

    @Test
    void aSingleNodeInstallationImportsItsKeyDirectoryOnce() throws Exception {
        Path keyDir = dir.resolve("single").resolve("keys");
        StorageEngine single = StorageEngine.open(settings(), StorageEngine.openKeys(keyDir, random), db);
        CreatedAccount created = single.store().accounts().create(NewAccount.named("single"));
        Bucket bucket = single.store().createBucket(created.account().id(), "single-bucket", "us-east-1");
        byte[] data = bytes(4000);
        put(single, bucket, "k", data);
        try (KeyRotation rotation = new KeyRotation(db, single.keyring(), Clock.systemUTC())) {
            rotation.rotate();
        }
        put(single, bucket, "k2", data);
        single.close();

        // Without its key directory, a new keyring could not open what is there: refused.
        KeyDirectoryException e = assertThrows(KeyDirectoryException.class,
                () -> gateway(keyFile, dir.resolve("elsewhere").resolve("keys")));
        assertTrue(e.getMessage().contains("no master key directory"), e.getMessage());

        StorageEngine a = gateway(keyFile, keyDir);
        assertEquals(List.of(1, 2), List.copyOf(a.keyring().versions()), "both versions imported");
        assertArrayEquals(data, read(a, bucket, "k"));
        assertArrayEquals(data, read(a, bucket, "k2"));
        StorageEngine b = gateway("b");
        assertArrayEquals(data, read(b, bucket, "k"));
        assertEquals(created.key().secretKey(), b.store().accounts().findSigningKey(created.key().accessKeyId())
                .orElseThrow().key().secretKey());
        assertNoKeyMaterialLogged();
    }

    private void assertNoKeyMaterialLogged() throws Exception {
        byte[] kek = Files.readAllBytes(keyFile);
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertFalse(containsKey(line, kek), "cluster key in a log line: " + line);
        }
        assertTrue(logs.list.stream().noneMatch(e -> e.getLevel() == Level.ERROR), logs.list.toString());
    }

    private static boolean containsKey(String text, byte[] key) {
        return text.contains(HexFormat.of().formatHex(key)) || text.contains(Base64.getEncoder().encodeToString(key));
    }

    private int keyVersion(String key) {
        return ((Number) Sql.column(db, "SELECT key_version FROM object WHERE object_key = ?", key).get(0))
                .intValue();
    }

    private static void put(StorageEngine engine, Bucket bucket, String key, byte[] data) throws Exception {
        engine.store().putObject(PutObject.of(bucket, key, new ByteArrayInputStream(data), data.length).build());
    }

    private static byte[] read(StorageEngine engine, Bucket bucket, String key) throws Exception {
        ObjectRecord r = engine.store().findObject(bucket, key).orElseThrow();
        try (InputStream in = engine.store().openObject(r, 0, r.size() - 1, null)) {
            return in.readAllBytes();
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
