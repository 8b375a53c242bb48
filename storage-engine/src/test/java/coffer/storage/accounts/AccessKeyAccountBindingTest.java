package coffer.storage.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Store;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.internal.catalog.SealedAccessKey;
import coffer.storage.keys.KeyRotation;
import coffer.storage.testkit.KeyringStoreFixture;
import coffer.storage.testkit.Sql;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An access key secret is sealed to its account as well as its key id (catalog V14): a row re-pointed to another
 * account in SQL no longer opens, and rows sealed the pre-V14 way are re-sealed once at start.
 */
class AccessKeyAccountBindingTest {
    private static final KeyringStoreFixture F = KeyringStoreFixture.create("access_key_binding");

    @Test
    void aSecretMovedToAnotherAccountDoesNotOpen() {
        AccountInfo victim = F.store.accounts().create(NewAccount.named("binding-victim")).account();
        AccountInfo attacker = F.store.accounts().create(NewAccount.named("binding-attacker")).account();
        F.store.accounts().createKey(attacker.name(), "AKIDMOVED", "attacker-secret");
        assertEquals(attacker.id(), F.store.accounts().findSigningKey("AKIDMOVED").orElseThrow().key().accountId());

        Sql.update(F.db, "UPDATE access_key SET account_id = ? WHERE access_key_id = 'AKIDMOVED'", victim.id());
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));

        assertEquals(Optional.empty(), F.store.accounts().findSigningKey("AKIDMOVED"),
                "a re-pointed key must not sign");
        // Pointed back, it opens again: nothing else about the row changed.
        Sql.update(F.db, "UPDATE access_key SET account_id = ? WHERE access_key_id = 'AKIDMOVED'", attacker.id());
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));
        assertEquals("attacker-secret", F.store.accounts().findSigningKey("AKIDMOVED").orElseThrow().key().secretKey());
    }

    @Test
    void accountsCreatedWithTheirFirstKeyAreBoundToTheNewAccountId() {
        var created = F.store.accounts().create(new coffer.storage.accounts.NewAccount("binding-admin", "Admin",
                null, null, null, null, null));
        SigningKey k = F.store.accounts().findSigningKey(created.key().accessKeyId()).orElseThrow();
        assertEquals(created.account().id(), k.key().accountId());
        assertEquals(2L, Sql.count(F.db, "SELECT secret_binding FROM access_key WHERE access_key_id = ?",
                created.key().accessKeyId()));
    }

    @Test
    void legacySecretsAreResealedAtStartThenBoundToTheirAccount() {
        AccountInfo owner = F.store.accounts().create(NewAccount.named("binding-legacy")).account();
        AccountInfo other = F.store.accounts().create(NewAccount.named("binding-legacy-other")).account();
        // A row as a gateway before V14 wrote it: sealed with the access key id alone, binding 1.
        byte[] legacy = F.keys.seal("legacy-secret".getBytes(StandardCharsets.UTF_8),
                SealedAccessKey.legacyContext("AKIDLEGACY"));
        Sql.update(F.db, "INSERT INTO access_key (access_key_id, account_id, secret_sealed, secret_binding, state,"
                + " created_at) VALUES ('AKIDLEGACY', ?, ?, 1, 'active', '2025-01-01')", owner.id(), legacy);
        assertEquals(Optional.empty(), F.store.accounts().findSigningKey("AKIDLEGACY"), "not yet upgraded: refused");

        F.store.migrate();
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));

        assertEquals(2L, Sql.count(F.db, "SELECT secret_binding FROM access_key WHERE access_key_id = 'AKIDLEGACY'"));
        assertEquals("legacy-secret", F.store.accounts().findSigningKey("AKIDLEGACY").orElseThrow().key().secretKey());
        Sql.update(F.db, "UPDATE access_key SET account_id = ? WHERE access_key_id = 'AKIDLEGACY'", other.id());
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));
        assertEquals(Optional.empty(), F.store.accounts().findSigningKey("AKIDLEGACY"));
    }

    @Test
    void rotationResealsSecretsStillBoundToTheirAccount() {
        AccountInfo a = F.store.accounts().create(NewAccount.named("binding-rotated")).account();
        F.store.accounts().createKey(a.name(), "AKIDROTATED", "rotated-secret");
        try (KeyRotation rotation = new KeyRotation(F.db, F.keys, F.clock)) {
            rotation.rotate();
            rotation.rewrapNow();
        }
        assertTrue(Sql.count(F.db, "SELECT COUNT(*) FROM access_key WHERE access_key_id = 'AKIDROTATED'"
                + " AND LEFT(secret_sealed, 4) = ?", new byte[] {0, 0, 0, (byte) F.keys.currentVersion()}) == 1);
        assertEquals("rotated-secret",
                F.store.accounts().findSigningKey("AKIDROTATED").orElseThrow().key().secretKey());
    }
}
