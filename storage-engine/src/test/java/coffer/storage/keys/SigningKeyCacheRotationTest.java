package coffer.storage.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.AccessKeyPair;
import coffer.storage.Account;
import coffer.storage.testkit.KeyringStoreFixture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The signing key cache keeps sealed secrets. A key rotation re-seals them in the catalog and may destroy the old
 * master key while a row sealed under it is still cached (the fixture's clock stands still, so the cached row
 * stays fresh): the lookup must then read the row again, not fail.
 */
class SigningKeyCacheRotationTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final KeyringStoreFixture f = KeyringStoreFixture.create("signing_cache_" + DATABASES.incrementAndGet());
    private final KeyRotation rotation = new KeyRotation(f.db, f.keys, f.clock, 10);

    @Test
    void aCachedKeySealedUnderADestroyedMasterKeyIsReadAgain() throws Exception {
        Account account = f.store.createAccount("cache-" + System.nanoTime());
        AccessKeyPair key = f.store.createAccessKey(account.id(), null, null);
        assertEquals(key.secretKey(), f.store.findSigningKey(key.accessKeyId()).orElseThrow().key().secretKey());

        rotation.rotate();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (rotation.job().running()) {
            assertTrue(System.nanoTime() < deadline, "the re-wrap job did not finish");
            Thread.sleep(20);
        }
        rotation.destroy(1);

        assertEquals(key.secretKey(), f.store.findSigningKey(key.accessKeyId()).orElseThrow().key().secretKey());
    }
}
