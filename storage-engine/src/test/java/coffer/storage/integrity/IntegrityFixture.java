package coffer.storage.integrity;

import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.Store;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.BlobId;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.catalog.IntegrityCatalog;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import javax.sql.DataSource;

/**
 * A {@link Store} on its own database with the real encrypting {@link LocalBlobEngine} (reconciliation and the
 * scrub look at real blob files), one account and one bucket.
 */
final class IntegrityFixture {
    static final Duration GRACE = Duration.ofMinutes(5);

    final SecureRandom random = new SecureRandom();
    final DataSource db;
    final Path blobDir;
    final MasterKeyring keys;
    final LocalBlobEngine blobs;
    final MutableClock clock = new MutableClock(Instant.now());
    final Store store;
    final IntegrityCatalog catalog;
    final Bucket bucket;

    IntegrityFixture(String database) {
        try {
            db = EmbeddedMariaDb.get().newDatabase(database);
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "blobs")), database);
            blobDir = dir.resolve("blobs");
            keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
            blobs = new LocalBlobEngine(blobDir, keys, random);
            store = Store.builder().database(db).blobs(blobs).sealer(keys).clock(clock).random(random)
                    .gcGrace(GRACE).build();
            store.migrate();
            catalog = new IntegrityCatalog(db);
            AccountInfo a = store.accounts().create(NewAccount.named(database + "-owner")).account();
            bucket = store.createBucket(a.id(), database.replace('_', '-'), "us-east-1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectRecord put(String key, int size) throws IOException {
        byte[] body = bytes(size);
        return store.putObject(PutObject.of(bucket, key, new ByteArrayInputStream(body), size).build());
    }

    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Where the engine keeps a blob (xx/yy/id), as the engine's package-private pathOf would say. */
    Path fileOf(BlobId id) {
        String v = id.value();
        return blobDir.resolve(v.substring(0, 2)).resolve(v.substring(2, 4)).resolve(v);
    }
}
