package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.NewAccount;
import coffer.storage.testkit.AesGcmSecretSealer;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.FileBlobEngine;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A database that cannot be reached gives UNAVAILABLE quickly, never a hang or INTERNAL. Needs no MariaDB. */
class StoreUnavailableTest {

    @Test
    void closedPortMeansUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DataSource down = EmbeddedMariaDb.dataSource("jdbc:mariadb://127.0.0.1:" + port
                + "/nothing?user=root&connectTimeout=1000&socketTimeout=2000");
        SecureRandom random = new SecureRandom();
        FileBlobEngine blobs = new FileBlobEngine(
                Files.createTempDirectory(Files.createDirectories(Path.of("target", "blobs")), "down"), random);
        Store store = new Store(down, blobs, new AesGcmSecretSealer(random), Clock.systemUTC(), random,
                Duration.ofMinutes(1));
        Bucket bucket = new Bucket(1, "b", 1, "us-east-1", Instant.EPOCH);

        Instant start = Instant.now();
        assertUnavailable(assertThrows(StoreException.class, store.accounts()::any));
        assertUnavailable(assertThrows(StoreException.class, store::migrate));
        assertUnavailable(assertThrows(StoreException.class, () -> store.findBucket("b")));
        assertUnavailable(assertThrows(StoreException.class, () -> store.accounts().create(NewAccount.named("x"))));
        assertUnavailable(assertThrows(StoreException.class, () -> store.listObjects(bucket, "", "/", null, 10)));
        assertUnavailable(assertThrows(StoreException.class, () -> store.putObject(PutObject.of(bucket, "k",
                new ByteArrayInputStream(new byte[] {1}), 1).build())));
        assertTrue(blobs.ids().isEmpty(), "a blob that was never published is deleted again");
        assertUnavailable(assertThrows(StoreException.class, () -> store.collectGarbage(10)));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 30, "fails fast");
    }

    private static void assertUnavailable(StoreException e) {
        assertEquals(Reason.UNAVAILABLE, e.reason(), () -> "got " + e);
        assertFalse(e.getMessage().contains("SELECT"), "no SQL in messages");
    }
}
