package coffer.storage.testkit;

import coffer.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** A migrated {@link Store} on its own database, with a file blob engine and a clock the test controls. */
public final class StoreFixture {
    public static final Duration GRACE = Duration.ofMinutes(15);

    public final DataSource db;
    public final FileBlobEngine blobs;
    public final MutableClock clock = new MutableClock(Instant.parse("2025-01-02T03:04:05.678901Z"));
    public final Store store;

    public StoreFixture(String database) {
        try {
            SecureRandom random = new SecureRandom();
            db = EmbeddedMariaDb.get().newDatabase(database);
            Path dir = Files.createDirectories(Path.of("target", "blobs"));
            blobs = new FileBlobEngine(Files.createTempDirectory(dir, database), random);
            store = Store.builder().database(db).blobs(blobs).sealer(new AesGcmSecretSealer(random)).clock(clock)
                    .random(random).gcGrace(GRACE).build();
            store.migrate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
