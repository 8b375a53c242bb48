package coffer.storage.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
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
        AccountInfo account = f.store.accounts().create(NewAccount.named("cache-" + System.nanoTime())).account();
        AccessKeyPair key = f.store.accounts().createKey(account.name());
        assertEquals(key.secretKey(), f.store.accounts().findSigningKey(key.accessKeyId()).orElseThrow().key().secretKey());

        rotation.rotate();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (rotation.job().running()) {
            assertTrue(System.nanoTime() < deadline, "the re-wrap job did not finish");
            Thread.sleep(20);
        }
        rotation.destroy(1);

        assertEquals(key.secretKey(), f.store.accounts().findSigningKey(key.accessKeyId()).orElseThrow().key().secretKey());
    }
}
