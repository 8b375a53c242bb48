package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreAccountsTest {
    private static final StoreFixture F = new StoreFixture("store_accounts");
    private final Store store = F.store;

    @Test
    @Order(1)
    void hasAccountsOnlyAfterTheFirstOne() {
        assertFalse(store.hasAccounts());
        Account a = store.createAccount("first");
        assertTrue(store.hasAccounts());
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
        store.createAccount("twin");
        StoreException e = assertThrows(StoreException.class, () -> store.createAccount("twin"));
        assertEquals(Reason.ACCOUNT_ALREADY_EXISTS, e.reason());
    }

    @Test
    void generatedKeysHaveAwsShapesAndOpenAgain() {
        Account a = store.createAccount("gen");
        AccessKeyPair k = store.createAccessKey(a.id(), null, null);
        assertTrue(k.accessKeyId().matches("CF[A-Z0-9]{18}"), k.accessKeyId());
        assertTrue(k.secretKey().matches("[A-Za-z0-9+/]{40}"));
        assertEquals(a.id(), k.accountId());
        assertEquals(Optional.of(k), store.findAccessKey(k.accessKeyId()));
        AccessKeyPair other = store.createAccessKey(a.id(), null, null);
        assertNotEquals(k.accessKeyId(), other.accessKeyId());
        assertNotEquals(k.secretKey(), other.secretKey());
    }

    @Test
    void secretIsStoredSealedNeverInClear() {
        Account a = store.createAccount("sealed");
        AccessKeyPair k = store.createAccessKey(a.id(), "AKIDSEALED", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        byte[] raw = (byte[]) Sql.column(F.db, "SELECT secret_sealed FROM access_key WHERE access_key_id = ?",
                "AKIDSEALED").get(0);
        byte[] secret = k.secretKey().getBytes(StandardCharsets.UTF_8);
        assertFalse(contains(raw, secret), "the clear secret is in the column");
        assertFalse(contains(raw, "wJalrXUtnF".getBytes(StandardCharsets.UTF_8)));
        assertEquals(k.secretKey(), store.findAccessKey("AKIDSEALED").orElseThrow().secretKey());
    }

    @Test
    void sealedSecretIsBoundToItsAccessKeyId() {
        Account a = store.createAccount("bound");
        store.createAccessKey(a.id(), "AKIDONE", "secret-one");
        store.createAccessKey(a.id(), "AKIDTWO", "secret-two");
        // Copy one key's sealed secret onto the other row: it must not open under the other id.
        Sql.update(F.db, "UPDATE access_key SET secret_sealed = (SELECT s FROM (SELECT secret_sealed s FROM"
                + " access_key WHERE access_key_id = 'AKIDONE') t) WHERE access_key_id = 'AKIDTWO'");
        StoreException e = assertThrows(StoreException.class, () -> store.findAccessKey("AKIDTWO"));
        assertEquals(Reason.INTERNAL, e.reason());
        assertFalse(e.getMessage().contains("secret-one"));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        AccessKeyPair k = new AccessKeyPair("AKID", "very-secret-value", 7);
        assertFalse(k.toString().contains("very-secret-value"));
        assertTrue(k.toString().contains("AKID"));
    }

    @Test
    void revokedKeysAndUnknownKeysAreNotFound() {
        Account a = store.createAccount("revoker");
        store.createAccessKey(a.id(), "AKIDREVOKED", "s");
        assertTrue(store.findAccessKey("AKIDREVOKED").isPresent());
        Sql.update(F.db, "UPDATE access_key SET state = 'revoked' WHERE access_key_id = 'AKIDREVOKED'");
        assertEquals(Optional.empty(), store.findAccessKey("AKIDREVOKED"));
        assertEquals(Optional.empty(), store.findAccessKey("AKIDNOSUCH"));
    }

    @Test
    void keysOfSuspendedAccountsAreNotFound() {
        Account a = store.createAccount("suspended");
        store.createAccessKey(a.id(), "AKIDSUSPENDED", "s");
        Sql.update(F.db, "UPDATE account SET state = 'suspended' WHERE id = ?", a.id());
        assertEquals(Optional.empty(), store.findAccessKey("AKIDSUSPENDED"));
    }

    @Test
    void duplicateKeyIdsAndUnknownAccountsAreRefused() {
        Account a = store.createAccount("dup");
        store.createAccessKey(a.id(), "AKIDDUP", "s1");
        assertEquals(Reason.ACCESS_KEY_ALREADY_EXISTS,
                assertThrows(StoreException.class, () -> store.createAccessKey(a.id(), "AKIDDUP", "s2")).reason());
        assertEquals("s1", store.findAccessKey("AKIDDUP").orElseThrow().secretKey());
        assertEquals(Reason.NO_SUCH_ACCOUNT,
                assertThrows(StoreException.class, () -> store.createAccessKey(987654, "AKIDORPHAN", "s")).reason());
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
