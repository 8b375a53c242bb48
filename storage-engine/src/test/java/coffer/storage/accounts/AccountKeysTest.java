package coffer.storage.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountKeysTest {
    private static final StoreFixture F = new StoreFixture("store_accounts");
    private final Store store = F.store;
    private final Accounts accounts = store.accounts();

    @Test
    @Order(1)
    void hasAccountsOnlyAfterTheFirstOne() {
        assertFalse(accounts.any());
        AccountInfo a = accounts.create(NewAccount.named("first")).account();
        assertTrue(accounts.any());
        assertEquals("first", a.name());
        assertEquals(F.clock.instant().toEpochMilli(), a.created().toEpochMilli());
    }

    @Test
    void migrateAgainIsANoOp() {
        long before = Sql.count(F.db, "SELECT COUNT(*) FROM flyway_schema_history");
        store.migrate();
        assertEquals(before, Sql.count(F.db, "SELECT COUNT(*) FROM flyway_schema_history"));
        assertEquals(1L, Sql.count(F.db, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'"
                + " AND success = 1"));
    }

    @Test
    void accountNamesAreUnique() {
        accounts.create(NewAccount.named("twin"));
        StoreException e = assertThrows(StoreException.class, () -> accounts.create(NewAccount.named("twin")));
        assertEquals(Reason.ACCOUNT_ALREADY_EXISTS, e.reason());
    }

    @Test
    void generatedKeysHaveAwsShapesAndOpenAgain() {
        AccountInfo a = accounts.create(NewAccount.named("gen")).account();
        AccessKeyPair k = accounts.createKey(a.name());
        assertTrue(k.accessKeyId().matches("CF[A-Z0-9]{18}"), k.accessKeyId());
        assertTrue(k.secretKey().matches("[A-Za-z0-9+/]{40}"));
        assertEquals(a.id(), k.accountId());
        assertEquals(k, accounts.findSigningKey(k.accessKeyId()).orElseThrow().key());
        AccessKeyPair other = accounts.createKey(a.name());
        assertNotEquals(k.accessKeyId(), other.accessKeyId());
        assertNotEquals(k.secretKey(), other.secretKey());
    }

    @Test
    void secretIsStoredSealedNeverInClear() {
        AccountInfo a = accounts.create(NewAccount.named("sealed")).account();
        AccessKeyPair k = accounts.createKey(a.name(), "AKIDSEALED", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        byte[] raw = (byte[]) Sql.column(F.db, "SELECT secret_sealed FROM access_key WHERE access_key_id = ?",
                "AKIDSEALED").get(0);
        byte[] secret = k.secretKey().getBytes(StandardCharsets.UTF_8);
        assertFalse(contains(raw, secret), "the clear secret is in the column");
        assertFalse(contains(raw, "wJalrXUtnF".getBytes(StandardCharsets.UTF_8)));
        assertEquals(k.secretKey(), accounts.findSigningKey("AKIDSEALED").orElseThrow().key().secretKey());
    }

    @Test
    void sealedSecretIsBoundToItsAccessKeyId() {
        AccountInfo a = accounts.create(NewAccount.named("bound")).account();
        accounts.createKey(a.name(), "AKIDONE", "secret-one");
        accounts.createKey(a.name(), "AKIDTWO", "secret-two");
        // Copy one key's sealed secret onto the other row: it must not open under the other id.
        Sql.update(F.db, "UPDATE access_key SET secret_sealed = (SELECT s FROM (SELECT secret_sealed s FROM"
                + " access_key WHERE access_key_id = 'AKIDONE') t) WHERE access_key_id = 'AKIDTWO'");
        assertEquals(Optional.empty(), accounts.findSigningKey("AKIDTWO"), "a copied secret must not open");
        assertEquals("secret-one", accounts.findSigningKey("AKIDONE").orElseThrow().key().secretKey());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        AccessKeyPair k = new AccessKeyPair("AKID", "very-secret-value", 7);
        assertFalse(k.toString().contains("very-secret-value"));
        assertTrue(k.toString().contains("AKID"));
    }

    @Test
    void revokedKeysAndUnknownKeysAreNotFound() {
        AccountInfo a = accounts.create(NewAccount.named("revoker")).account();
        accounts.createKey(a.name(), "AKIDREVOKED", "s");
        assertTrue(accounts.findSigningKey("AKIDREVOKED").isPresent());
        Sql.update(F.db, "UPDATE access_key SET state = 'revoked' WHERE access_key_id = 'AKIDREVOKED'");
        F.clock.advance(Store.DEFAULT_LOOKUP_TTL.multipliedBy(2)); // revoked by another gateway: seen after the TTL
        assertEquals(Optional.empty(), accounts.findSigningKey("AKIDREVOKED"));
        assertEquals(Optional.empty(), accounts.findSigningKey("AKIDNOSUCH"));
    }

    @Test
    void keysOfSuspendedAccountsSignReadsOnly() {
        AccountInfo a = accounts.create(NewAccount.named("suspended")).account();
        accounts.createKey(a.name(), "AKIDSUSPENDED", "s");
        Sql.update(F.db, "UPDATE account SET state = 'suspended' WHERE id = ?", a.id());
        assertTrue(accounts.findSigningKey("AKIDSUSPENDED").orElseThrow().readOnly());
    }

    @Test
    void duplicateKeyIdsAndUnknownAccountsAreRefused() {
        AccountInfo a = accounts.create(NewAccount.named("dup")).account();
        accounts.createKey(a.name(), "AKIDDUP", "s1");
        assertEquals(Reason.ACCESS_KEY_ALREADY_EXISTS,
                assertThrows(StoreException.class, () -> accounts.createKey(a.name(), "AKIDDUP", "s2")).reason());
        assertEquals("s1", accounts.findSigningKey("AKIDDUP").orElseThrow().key().secretKey());
        assertEquals(Reason.NO_SUCH_ACCOUNT,
                assertThrows(StoreException.class, () -> accounts.createKey("no-such-account", "AKIDORPHAN", "s"))
                        .reason());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
