package coffer.storage.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Bucket;
import coffer.storage.PutObject;
import coffer.storage.Store;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.quota.Quotas;
import coffer.storage.quota.UsageDrift;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountsTest {
    private static final StoreFixture F = new StoreFixture("store_admin");
    private static final long GIB = 1L << 30;
    private final Store store = F.store;
    private final Accounts accounts = store.accounts();

    private static NewAccount account(String name, String plan, Long quota) {
        return new NewAccount(name, "Display " + name, name + "@example.com", plan, quota, null, null);
    }

    private void put(Bucket bucket, String key, int size) throws IOException {
        store.putObject(PutObject.of(bucket, key, new ByteArrayInputStream(new byte[size]), size).build());
    }

    @Test
    void plansHaveTheirDefaultQuotasAndCanChange() {
        List<Plan> plans = accounts.plans();
        assertTrue(plans.contains(new Plan("free", 107_374_182_400L)), plans.toString());
        assertTrue(plans.contains(new Plan("premium", 1_099_511_627_776L)), plans.toString());
        accounts.create(account("planner", "premium", null));
        accounts.setPlanQuota("premium", 2 * 1_099_511_627_776L);
        try {
            assertEquals(2 * 1_099_511_627_776L, accounts.show("planner").account().quotaBytes());
            accounts.setPlanQuota("premium", 2 * 1_099_511_627_776L); // unchanged value is not "no such plan"
        } finally {
            accounts.setPlanQuota("premium", 1_099_511_627_776L);
        }
        assertEquals(Reason.NO_SUCH_PLAN, assertThrows(StoreException.class,
                () -> accounts.setPlanQuota("gold", 1)).reason());
    }

    @Test
    void accountsAreFoundByIdAndByEmailIgnoringCase() {
        AccountInfo grantee = accounts.create(account("grantee", null, null)).account();
        assertEquals(grantee, accounts.findById(grantee.id()).orElseThrow());
        assertTrue(accounts.findById(Long.MAX_VALUE).isEmpty());
        assertEquals(List.of(grantee.id()),
                accounts.findByEmail("GRANTEE@Example.com").stream().map(AccountInfo::id).toList());
        assertTrue(accounts.findByEmail("nobody@example.com").isEmpty());
    }

    @Test
    void createShowsPlanQuotaUsageAndTheKey() {
        CreatedAccount c = accounts.create(account("alice", null, null));
        AccountInfo a = c.account();
        assertEquals("alice", a.name());
        assertEquals("Display alice", a.displayName());
        assertEquals("alice@example.com", a.email());
        assertEquals(AccountState.ACTIVE, a.state());
        assertEquals("free", a.plan());
        assertNull(a.quotaOverride());
        assertEquals(107_374_182_400L, a.quotaBytes());
        assertEquals(0, a.usage().usedBytes());
        AccountDetails shown = accounts.show("alice");
        assertEquals(1, shown.keys().size());
        assertEquals(c.key().accessKeyId(), shown.keys().get(0).accessKeyId());
        assertEquals(c.key().secretKey(),
                accounts.findSigningKey(c.key().accessKeyId()).orElseThrow().key().secretKey());
        assertEquals(1L, Sql.count(F.db, "SELECT COUNT(*) FROM `usage` WHERE account_id = ?", a.id()));
    }

    @Test
    void everyNewAccountGetsAUsageRowAlsoWithTheDefaults() {
        AccountInfo a = accounts.create(NewAccount.named("plain-store-account")).account();
        assertEquals(1L, Sql.count(F.db, "SELECT COUNT(*) FROM `usage` WHERE account_id = ?", a.id()));
    }

    @Test
    void duplicateNamesUnknownPlansAndBadNamesAreRefused() {
        accounts.create(account("bob", null, null));
        assertEquals(Reason.ACCOUNT_ALREADY_EXISTS, assertThrows(StoreException.class,
                () -> accounts.create(account("bob", null, null))).reason());
        assertEquals(Reason.NO_SUCH_PLAN, assertThrows(StoreException.class,
                () -> accounts.create(account("carol", "gold", null))).reason());
        assertFalse(accounts.find("carol").isPresent(), "a refused account leaves nothing behind");
        assertThrows(IllegalArgumentException.class, () -> account("no spaces", null, null));
        assertEquals(Reason.NO_SUCH_ACCOUNT, assertThrows(StoreException.class,
                () -> accounts.show("nobody")).reason());
    }

    @Test
    void quotaOverrideAndPlanChange() {
        accounts.create(account("quota", null, 5 * GIB));
        assertEquals(5 * GIB, accounts.show("quota").account().quotaBytes());
        accounts.setPlan("quota", "premium");
        assertEquals(5 * GIB, accounts.show("quota").account().quotaBytes(), "the override wins over the plan");
        AccountInfo cleared = accounts.setQuota("quota", null);
        assertEquals(1_099_511_627_776L, cleared.quotaBytes());
        assertEquals("premium", cleared.plan());
        assertEquals(Reason.NO_SUCH_PLAN, assertThrows(StoreException.class,
                () -> accounts.setPlan("quota", "gold")).reason());
    }

    @Test
    void suspendedAccountsSignReadOnlyAndResumeRestoresWrites() {
        CreatedAccount c = accounts.create(account("sleepy", null, null));
        String id = c.key().accessKeyId();
        assertFalse(accounts.findSigningKey(id).orElseThrow().readOnly());
        assertEquals(AccountState.SUSPENDED, accounts.suspend("sleepy").state());
        SigningKey k = accounts.findSigningKey(id).orElseThrow();
        assertTrue(k.readOnly());
        assertEquals(c.key().secretKey(), k.key().secretKey());
        assertEquals(AccountState.ACTIVE, accounts.resume("sleepy").state());
        assertFalse(accounts.findSigningKey(id).orElseThrow().readOnly());
    }

    @Test
    void suspendedAccountsMayGetKeysDeletedOnesNone() {
        accounts.create(account("napping", null, null));
        accounts.suspend("napping");
        AccessKeyPair k = accounts.createKey("napping", "AKIDNAPPING", "nap-secret");
        assertTrue(accounts.findSigningKey(k.accessKeyId()).orElseThrow().readOnly());
        accounts.delete("napping");
        assertEquals(Reason.ACCOUNT_DELETED, assertThrows(StoreException.class,
                () -> accounts.createKey("napping", "AKIDLATE", "late-secret")).reason());
        assertTrue(accounts.findSigningKey(k.accessKeyId()).isEmpty());
        assertEquals(List.of("revoked"), accounts.show("napping").keys().stream().map(AccessKeyInfo::state)
                .filter(state -> !state.equals("active")).distinct().toList());
    }

    @Test
    void anAccountWithAChosenKeyIsCreatedWholeOrNotAtAll() {
        CreatedAccount c = accounts.create(NewAccount.named("chosen"), "AKIDCHOSEN", "chosen-secret");
        assertEquals(new AccessKeyPair("AKIDCHOSEN", "chosen-secret", c.account().id()), c.key());
        assertEquals("chosen-secret", accounts.findSigningKey("AKIDCHOSEN").orElseThrow().key().secretKey());
        assertEquals(Reason.ACCESS_KEY_ALREADY_EXISTS, assertThrows(StoreException.class,
                () -> accounts.create(NewAccount.named("chosen-twice"), "AKIDCHOSEN", "other")).reason());
        assertTrue(accounts.find("chosen-twice").isEmpty(), "no account without its key");
        assertThrows(IllegalArgumentException.class, () -> accounts.create(NewAccount.named("bad-key"), "", "s"));
        assertTrue(accounts.find("bad-key").isEmpty());
    }

    @Test
    void revocationIsEffectiveAtOnce() {
        CreatedAccount c = accounts.create(account("revokee", null, null));
        F.clock.advance(Duration.ofSeconds(1)); // keys are listed oldest first
        AccessKeyPair second = accounts.createKey("revokee");
        accounts.revokeKey(c.key().accessKeyId());
        assertTrue(accounts.findSigningKey(c.key().accessKeyId()).isEmpty());
        assertTrue(accounts.findSigningKey(second.accessKeyId()).isPresent(), "other keys keep working");
        accounts.revokeKey(c.key().accessKeyId()); // twice is harmless
        assertEquals(List.of("revoked", "active"),
                accounts.show("revokee").keys().stream().map(k -> k.state()).toList());
        assertEquals(Reason.NO_SUCH_ACCESS_KEY, assertThrows(StoreException.class,
                () -> accounts.revokeKey("CFNOSUCHKEY")).reason());
    }

    @Test
    void deleteRevokesKeysDeletesObjectsThroughTheGcAndFreesBucketNames() throws IOException {
        CreatedAccount c = accounts.create(account("doomed", null, null));
        long id = c.account().id();
        Bucket b1 = store.createBucket(id, "doomed-one", "us-east-1");
        Bucket b2 = store.createBucket(id, "doomed-two", "us-east-1");
        for (int i = 0; i < 1005; i++) {
            put(b1, "k" + i, 1);
        }
        put(b2, "big", 1000);
        String upload = store.multipart().createMultipartUpload(NewUpload.of(b2, "in-progress").build()).uploadId();
        store.multipart().uploadPart(PutPart.of(b2, "in-progress", upload, 1, new ByteArrayInputStream(new byte[10]),
                10).build());
        long queuedBefore = Sql.count(F.db, "SELECT COUNT(*) FROM gc_queue");

        DeletionReport report = accounts.delete("doomed");

        assertEquals(new DeletionReport("doomed", 1, 2, 1006), report);
        assertEquals(AccountState.DELETED, accounts.show("doomed").account().state());
        assertTrue(accounts.findSigningKey(c.key().accessKeyId()).isEmpty());
        assertEquals(0L, Sql.count(F.db, "SELECT COUNT(*) FROM object WHERE bucket_id IN (?, ?)", b1.id(), b2.id()));
        assertEquals(queuedBefore + 1007, Sql.count(F.db, "SELECT COUNT(*) FROM gc_queue"), "objects and the part");
        assertEquals(0L, Sql.count(F.db, "SELECT COUNT(*) FROM upload WHERE upload_id = ?", upload));
        assertTrue(store.findBucket("doomed-one").isEmpty());
        assertEquals(0, accounts.show("doomed").account().usage().usedBytes());
        AccountInfo other = accounts.create(NewAccount.named("heir")).account();
        store.createBucket(other.id(), "doomed-one", "us-east-1");

        assertEquals(Reason.ACCOUNT_DELETED, assertThrows(StoreException.class,
                () -> accounts.resume("doomed")).reason());
        assertEquals(Reason.ACCOUNT_DELETED, assertThrows(StoreException.class,
                () -> accounts.createKey("doomed")).reason());
        assertEquals(new DeletionReport("doomed", 0, 0, 0), accounts.delete("doomed"), "deleting again is a no-op");
    }

    @Test
    void reconcileRecomputesUsageAndReportsDrift() throws IOException {
        CreatedAccount c = accounts.create(account("counted", null, null));
        Bucket b = store.createBucket(c.account().id(), "counted-bucket", "us-east-1");
        put(b, "a", 100);
        put(b, "b", 23);
        String upload = store.multipart().createMultipartUpload(NewUpload.of(b, "parts").build()).uploadId();
        store.multipart().uploadPart(PutPart.of(b, "parts", upload, 1, new ByteArrayInputStream(new byte[7]), 7)
                .build());
        Sql.update(F.db, "UPDATE `usage` SET used_bytes = 5, object_count = 9 WHERE account_id = ?",
                c.account().id());

        UsageDrift drift = accounts.reconcile().stream().filter(d -> d.name().equals("counted")).findFirst()
                .orElseThrow();
        // Objects and the stored parts of uploads in progress count (a part at least its minimum charge); only
        // objects are counted as objects.
        long used = 123 + Quotas.MIN_PART_CHARGE;
        assertEquals(new UsageDrift(c.account().id(), "counted", 5, used, 9, 2), drift);
        assertEquals(5 - used, drift.driftBytes());
        assertEquals(7, drift.driftObjects());
        assertEquals(used, accounts.show("counted").account().usage().usedBytes());
        UsageDrift again = accounts.reconcile().stream().filter(d -> d.name().equals("counted")).findFirst()
                .orElseThrow();
        assertFalse(again.hasDrift());
    }

    @Test
    void auditEntriesAreAppended() {
        accounts.audit("tester", "suspend", "someone", "why not");
        assertEquals("suspend", accounts.recentAudit(1).get(0).action());
        assertEquals(F.clock.instant().toEpochMilli(), accounts.recentAudit(1).get(0).at().toEpochMilli());
    }
}
