package coffer.storage.internal.blob.s3;

import coffer.storage.blob.S3BlobSettings;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.S3Proxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** One s3proxy, one migrated catalog and a master keyring per test class; engines on a fresh bucket each. */
final class S3BlobTestSupport implements AutoCloseable {
    final S3Proxy proxy;
    final DataSource db;
    final MasterKeyring keys;
    final Path keyDir;
    final SecureRandom random = new SecureRandom();
    private final List<S3BlobEngine> engines = new ArrayList<>();
    private int buckets;

    S3BlobTestSupport(String name) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "s3blob")), name);
            proxy = new S3Proxy(dir.resolve("s3proxy"));
            db = EmbeddedMariaDb.get().newDatabase(name);
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            keyDir = dir.resolve("keys");
            keys = MasterKeyring.openOrCreate(keyDir, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An engine on a new bucket; compaction only when asked. */
    S3BlobEngine engine() {
        String bucket = "blobs" + (++buckets);
        proxy.createBucket(bucket);
        S3BlobSettings settings = S3BlobSettings.of(proxy.endpoint(), bucket, "coffer/", "us-east-1",
                S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY).withCompactInterval(Duration.ZERO);
        S3BlobEngine engine = S3BlobEngine.open(settings, keys, random, db, Clock.systemUTC());
        engines.add(engine);
        return engine;
    }

    /** Every file the store holds in its filesystem backend (all buckets). */
    List<Path> storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(proxy.storeDir())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        engines.forEach(S3BlobEngine::close);
        proxy.close();
    }
}
