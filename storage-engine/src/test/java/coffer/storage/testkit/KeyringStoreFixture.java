package coffer.storage.testkit;

import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.Store;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A migrated {@link Store} as the gateway builds it: the real {@link MasterKeyring} (in its own key directory) shared
 * by the {@link LocalBlobEngine} and the secret sealer, on its own database. {@link #restart} builds a fresh
 * keyring, engine and store on the same directories and database, as a gateway restart would.
 */
public final class KeyringStoreFixture {
    public final DataSource db;
    public final Path keyDir;
    public final Path blobDir;
    public final SecureRandom random = new SecureRandom();
    public final MutableClock clock;
    public final MasterKeyring keys;
    public final LocalBlobEngine blobs;
    public final Store store;

    private KeyringStoreFixture(DataSource db, Path keyDir, Path blobDir, MutableClock clock) throws IOException {
        this.db = db;
        this.keyDir = keyDir;
        this.blobDir = blobDir;
        this.clock = clock;
        this.keys = MasterKeyring.openOrCreate(keyDir, random);
        this.blobs = new LocalBlobEngine(blobDir, keys, random);
        this.store = Store.builder().database(db).blobs(blobs).sealer(keys).clock(clock).random(random)
                .gcGrace(StoreFixture.GRACE).build();
        store.migrate();
    }

    /** A fresh database {@code database} and fresh directories under {@code target/keyring-stores}. */
    public static KeyringStoreFixture create(String database) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "keyring-stores")),
                    database);
            return new KeyringStoreFixture(EmbeddedMariaDb.get().newDatabase(database), dir.resolve("keys"),
                    dir.resolve("blobs"), new MutableClock(Instant.parse("2025-03-04T05:06:07.890Z")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything built again from disk and the database. */
    public KeyringStoreFixture restart() {
        try {
            return new KeyringStoreFixture(db, keyDir, blobDir, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectRecord put(Bucket bucket, String key, byte[] data) throws IOException {
        return store.putObject(PutObject.of(bucket, key, new ByteArrayInputStream(data), data.length).build());
    }

    /** The whole object as stored now. */
    public byte[] read(Bucket bucket, String key) throws IOException {
        ObjectRecord r = store.findObject(bucket, key).orElseThrow();
        if (r.size() == 0) {
            return new byte[0];
        }
        try (InputStream in = store.openObject(r, 0, r.size() - 1, null)) {
            return in.readAllBytes();
        }
    }

    /** Whether blob {@code id}'s file exists (layout: docs/storage-format.md). */
    public boolean blobFileExists(coffer.storage.blob.BlobId id) {
        String v = id.value();
        return Files.exists(blobDir.resolve(v.substring(0, 2)).resolve(v.substring(2, 4)).resolve(v));
    }

    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
