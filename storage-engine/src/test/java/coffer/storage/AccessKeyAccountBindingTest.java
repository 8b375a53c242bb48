package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.catalog.SealedAccessKey;
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
        Account victim = F.store.createAccount("binding-victim");
        Account attacker = F.store.createAccount("binding-attacker");
        F.store.createAccessKey(attacker.id(), "AKIDMOVED", "attacker-secret");
        assertEquals(attacker.id(), F.store.findSigningKey("AKIDMOVED").orElseThrow().key().accountId());

        Sql.update(F.db, "UPDATE access_key SET account_id = ? WHERE access_key_id = 'AKIDMOVED'", victim.id());
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));

        assertEquals(Optional.empty(), F.store.findSigningKey("AKIDMOVED"), "a re-pointed key must not sign");
        StoreException e = assertThrows(StoreException.class, () -> F.store.findAccessKey("AKIDMOVED"));
        assertEquals(Reason.INTERNAL, e.reason());
        assertFalse(e.getMessage().contains("attacker-secret"));
        // Pointed back, it opens again: nothing else about the row changed.
        Sql.update(F.db, "UPDATE access_key SET account_id = ? WHERE access_key_id = 'AKIDMOVED'", attacker.id());
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));
        assertEquals("attacker-secret", F.store.findSigningKey("AKIDMOVED").orElseThrow().key().secretKey());
    }

    @Test
    void accountsCreatedWithTheirFirstKeyAreBoundToTheNewAccountId() {
        var created = F.store.accounts().create(new coffer.storage.accounts.NewAccount("binding-admin", "Admin",
                null, null, null, null, null));
        SigningKey k = F.store.findSigningKey(created.key().accessKeyId()).orElseThrow();
        assertEquals(created.account().id(), k.key().accountId());
        assertEquals(2L, Sql.count(F.db, "SELECT secret_binding FROM access_key WHERE access_key_id = ?",
                created.key().accessKeyId()));
    }

    @Test
    void legacySecretsAreResealedAtStartThenBoundToTheirAccount() {
        Account owner = F.store.createAccount("binding-legacy");
        Account other = F.store.createAccount("binding-legacy-other");
        // A row as a gateway before V14 wrote it: sealed with the access key id alone, binding 1.
        byte[] legacy = F.keys.seal("legacy-secret".getBytes(StandardCharsets.UTF_8),
                SealedAccessKey.legacyContext("AKIDLEGACY"));
        Sql.update(F.db, "INSERT INTO access_key (access_key_id, account_id, secret_sealed, secret_binding, state,"
                + " created_at) VALUES ('AKIDLEGACY', ?, ?, 1, 'active', '2025-01-01')", owner.id(), legacy);
        assertEquals(Optional.empty(), F.store.findSigningKey("AKIDLEGACY"), "not yet upgraded: refused");

        F.store.migrate();
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));

        assertEquals(2L, Sql.count(F.db, "SELECT secret_binding FROM access_key WHERE access_key_id = 'AKIDLEGACY'"));
        assertEquals("legacy-secret", F.store.findSigningKey("AKIDLEGACY").orElseThrow().key().secretKey());
        Sql.update(F.db, "UPDATE access_key SET account_id = ? WHERE access_key_id = 'AKIDLEGACY'", other.id());
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2));
        assertEquals(Optional.empty(), F.store.findSigningKey("AKIDLEGACY"));
    }

    @Test
    void rotationResealsSecretsStillBoundToTheirAccount() {
        Account a = F.store.createAccount("binding-rotated");
        F.store.createAccessKey(a.id(), "AKIDROTATED", "rotated-secret");
        try (KeyRotation rotation = new KeyRotation(F.db, F.keys, F.clock)) {
            rotation.rotate();
            rotation.rewrapNow();
        }
        assertTrue(Sql.count(F.db, "SELECT COUNT(*) FROM access_key WHERE access_key_id = 'AKIDROTATED'"
                + " AND LEFT(secret_sealed, 4) = ?", new byte[] {0, 0, 0, (byte) F.keys.currentVersion()}) == 1);
        assertEquals("rotated-secret", F.store.findSigningKey("AKIDROTATED").orElseThrow().key().secretKey());
    }
}
