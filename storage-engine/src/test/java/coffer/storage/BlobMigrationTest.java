package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BlobMigrationReport;
import coffer.storage.blob.BlobMigrationReport.Step;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.S3Proxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local-to-S3 blob migration ({@link StorageEngine#migrateBlobs}) on real parts: an engine on local files and
 * volumes writes objects into a real MariaDB catalog, the migration copies them to s3proxy (its own process), and an
 * engine on the S3 store reads them back byte for byte.
 */
class BlobMigrationTest {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static S3Proxy proxy;

    private final SecureRandom random = new SecureRandom();
    private DataSource db;
    private Path dir;
    private S3BlobSettings s3;
    private final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void startStore() throws IOException {
        proxy = new S3Proxy(Files.createTempDirectory(Files.createDirectories(Path.of("target", "blob-migration")),
                "s3proxy"));
    }

    @AfterAll
    static void stopStore() {
        proxy.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        int run = RUNS.incrementAndGet();
        db = EmbeddedMariaDb.get().newDatabase("blob_migration_" + run);
        dir = Files.createTempDirectory(Path.of("target", "blob-migration"), "install");
        s3 = proxy.blobStore("migrated" + run);
    }

    private EngineSettings local() {
        return new EngineSettings(dir.resolve("blobs"), 0, true, VolumeSettings.DEFAULTS, Duration.ofMinutes(5),
                MultipartLimits.DEFAULTS, Clock.systemUTC(), random, GatewayIdentity.anonymous(random));
    }

    private StorageEngine.Keys keys() throws IOException {
        return StorageEngine.openKeys(dir.resolve("keys"), random);
    }

    private StorageEngine open(EngineSettings settings) throws Exception {
        return StorageEngine.open(settings, keys(), db);
    }

    private BlobMigrationReport migrate(Step step) throws IOException {
        return StorageEngine.migrateBlobs(local().withS3(s3), keys(), db, step, false, progress::add);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Writes {@code objects} through an engine on local blobs; answers the bucket. */
    private Bucket writeLocally(Map<String, byte[]> objects) throws Exception {
        try (StorageEngine engine = open(local())) {
            Store store = engine.store();
            long account = store.accounts().create(NewAccount.named("owner")).account().id();
            Bucket bucket = store.createBucket(account, "photos", "us-east-1");
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                store.putObject(PutObject.of(bucket, o.getKey(), new ByteArrayInputStream(o.getValue()),
                        o.getValue().length).build());
            }
            return bucket;
        }
    }

    private static void assertReads(StorageEngine engine, Bucket bucket, Map<String, byte[]> objects)
            throws IOException {
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            ObjectRecord r = engine.store().findObject(bucket, o.getKey()).orElseThrow();
            byte[] read = new byte[0];
            if (r.size() > 0) {
                try (InputStream in = engine.store().openObject(r, 0, r.size() - 1, null)) {
                    read = in.readAllBytes();
                }
            }
            assertArrayEquals(o.getValue(), read, o.getKey());
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, byte[]> sample() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("small", bytes(4000));         // a volume record: copied into a pack
        objects.put("empty", new byte[0]);         // a volume record too
        objects.put("medium", bytes(300_000));     // a blob file: one PUT
        objects.put("large", bytes(9 * 1024 * 1024 + 5)); // a blob file over one part: a multipart upload
        return objects;
    }

    @Test
    void copiesEveryBlobVerifiesSwitchesAndTheOldSettingIsRefused() throws Exception {
        Map<String, byte[]> objects = sample();
        Bucket bucket = writeLocally(objects);

        BlobMigrationReport report = migrate(Step.MIGRATE);
        assertTrue(report.switched(), report.problems().toString());
        assertEquals(4, report.rows());
        assertEquals(4, report.copied());
        assertEquals(4, report.verified());
        assertEquals(0, report.problemCount());
        assertEquals(2, count("SELECT COUNT(*) FROM blob_pack_entry"), "small blobs go into packs");
        assertFalse(report.target().contains(S3Proxy.SECRET_KEY));

        try (StorageEngine onS3 = open(local().withS3(s3))) {
            assertReads(onS3, bucket, objects);
        }
        BlobStoreMismatchException refused = assertThrows(BlobStoreMismatchException.class, () -> open(local()));
        assertTrue(refused.getMessage().contains("--blob-store s3"), refused.getMessage());
        S3BlobSettings other = proxy.blobStore("another" + RUNS.incrementAndGet());
        assertThrows(BlobStoreMismatchException.class, () -> open(local().withS3(other)));

        // Again: nothing to copy, everything verified; the local blobs are still there until asked.
        BlobMigrationReport again = migrate(Step.MIGRATE);
        assertEquals(0, again.copied());
        assertEquals(4, again.verified());
        assertTrue(again.switched());
        assertTrue(localFiles() > 0);

        BlobMigrationReport removed = migrate(Step.REMOVE_LOCAL);
        assertEquals(0, removed.problemCount());
        assertTrue(removed.localFilesRemoved() >= 3, "two blob files and a volume: " + removed);
        assertEquals(0, localFiles());
        try (StorageEngine onS3 = open(local().withS3(s3))) {
            assertReads(onS3, bucket, objects);
        }
        assertEquals(4, migrate(Step.VERIFY).verified(), "verified by the keyless checks once local copies are gone");
    }

    @Test
    void aRunThatFailsDoesNotSwitchAndTheNextRunResumesWhereItStopped() throws Exception {
        Map<String, byte[]> objects = sample();
        Bucket bucket = writeLocally(objects);
        Path medium;
        try (StorageEngine engine = open(local())) {
            BlobId id = engine.store().findObject(bucket, "medium").orElseThrow().blobs().get(0).id();
            medium = dir.resolve("blobs").resolve(id.value().substring(0, 2)).resolve(id.value().substring(2, 4))
                    .resolve(id.value());
        }
        Path aside = dir.resolve("aside");
        Files.move(medium, aside);

        BlobMigrationReport first = migrate(Step.MIGRATE);
        assertFalse(first.switched());
        assertEquals(1, first.problemCount());
        assertTrue(first.problems().get(0).contains("missing at the source"), first.problems().toString());
        assertTrue(first.problems().get(0).contains("photos/medium"), first.problems().toString());
        assertEquals(3, first.copied());
        // Not switched: the installation still runs on its local blobs, and the S3 setting is refused.
        assertThrows(BlobStoreMismatchException.class, () -> open(local().withS3(s3)));
        Files.move(aside, medium);
        try (StorageEngine stillLocal = open(local())) {
            assertReads(stillLocal, bucket, objects);
        }

        // The store's copy of one blob went bad meanwhile: the next run reports it, forgets it, and does not switch.
        Path large;
        try (StorageEngine engine = open(local())) {
            String id = engine.store().findObject(bucket, "large").orElseThrow().blobs().get(0).id().value();
            large = proxy.storeDir().resolve(s3.bucket()).resolve("coffer").resolve("blobs").resolve(id);
        }
        byte[] stored = Files.readAllBytes(large);
        stored[stored.length / 2] ^= 1;
        Files.write(large, stored);
        BlobMigrationReport second = migrate(Step.MIGRATE);
        assertFalse(second.switched());
        assertEquals(1, second.copied(), "the blob the first run could not copy");
        assertEquals(1, second.problemCount());
        assertTrue(second.problems().get(0).contains("photos/large") && second.problems().get(0).contains("differs"),
                second.problems().toString());

        BlobMigrationReport third = migrate(Step.MIGRATE);
        assertTrue(third.switched(), third.problems().toString());
        assertEquals(1, third.copied(), "only the blob whose store copy was bad");
        assertEquals(3, third.alreadyCopied());
        assertEquals(4, third.verified());
        try (StorageEngine onS3 = open(local().withS3(s3))) {
            assertReads(onS3, bucket, objects);
        }
    }

    @Test
    void refusesWhileAGatewayHoldsTheCatalogsLease() throws Exception {
        writeLocally(Map.of("one", bytes(10)));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE background_lease SET holder = 'gw-7:9000/abc', epoch = epoch + 1,"
                    + " expires = NOW(6) + INTERVAL 30 SECOND WHERE name = 'maintenance'");
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> migrate(Step.MIGRATE));
        assertTrue(refused.getMessage().contains("gw-7:9000/abc"), refused.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM blob_store"), "nothing recorded");
        assertThrows(IllegalStateException.class, () -> migrate(Step.REMOVE_LOCAL), "only after the switch");
    }

    private long localFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(dir.resolve("blobs"))) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    /** Without a migration: the first start on an S3 store records it, and the store names its catalog (V47). */
    @Test
    void aStoreIsRecordedAtItsFirstStartAndNeverServesAnotherCatalog() throws Exception {
        try (StorageEngine onS3 = open(local().withS3(s3))) {
            long account = onS3.store().accounts().create(NewAccount.named("owner")).account().id();
            Bucket bucket = onS3.store().createBucket(account, "photos", "us-east-1");
            onS3.store().putObject(PutObject.of(bucket, "small", new ByteArrayInputStream(bytes(100)), 100).build());
        }
        assertEquals(1, count("SELECT COUNT(*) FROM blob_store WHERE state = 's3' AND catalog_marker IS NOT NULL"));
        open(local().withS3(s3)).close();

        BlobStoreMismatchException local = assertThrows(BlobStoreMismatchException.class, () -> open(local()));
        assertTrue(local.getMessage().contains("--blob-store s3"), local.getMessage());
        S3BlobSettings elsewhere = proxy.blobStore("elsewhere" + RUNS.incrementAndGet());
        assertThrows(BlobStoreMismatchException.class, () -> open(local().withS3(elsewhere)));

        // A second catalog on the same bucket and prefix: refused before it could free the first one's blobs.
        DataSource second = EmbeddedMariaDb.get().newDatabase("blob_migration_" + RUNS.incrementAndGet());
        BlobStoreMismatchException shared = assertThrows(BlobStoreMismatchException.class,
                () -> StorageEngine.open(local().withS3(s3), keys(), second));
        assertTrue(shared.getMessage().contains("another Coffer catalog"), shared.getMessage());

        // The store lost its marker (another endpoint with the same bucket name, or a store emptied): refused.
        Path marker;
        try (Stream<Path> files = Files.walk(proxy.storeDir().resolve(s3.bucket()))) {
            marker = files.filter(f -> f.getFileName().toString().equals("catalog-id")).findFirst().orElseThrow();
        }
        Files.delete(marker);
        BlobStoreMismatchException lost = assertThrows(BlobStoreMismatchException.class,
                () -> open(local().withS3(s3)));
        assertTrue(lost.getMessage().contains("has no object coffer/catalog-id"), lost.getMessage());
    }
}
