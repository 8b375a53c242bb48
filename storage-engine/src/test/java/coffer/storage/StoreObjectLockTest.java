package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.ObjectLock.Mode;
import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.AccountState;
import coffer.storage.accounts.NewAccount;
import coffer.storage.quota.UsageDrift;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Object lock in the engine (docs/object-lock.md), on a real MariaDB and real blob files, with a test clock. */
class StoreObjectLockTest {
    private static final StoreFixture F = new StoreFixture("store_object_lock");
    private final Store store = F.store;
    private final ObjectLocks locks = store.objectLocks();

    @Test
    void aLockBucketIsVersionedAndCannotBeSuspended() {
        Bucket b = lockBucket("lb-state", "lb-state-bucket");
        assertTrue(b.objectLock());
        assertEquals(Versioning.ENABLED, b.versioning());
        assertEquals(Reason.INVALID_BUCKET_STATE, assertThrows(StoreException.class,
                () -> store.bucketSettings().setVersioning(b, Versioning.SUSPENDED)).reason());
        assertEquals(Versioning.ENABLED, store.findBucket("lb-state-bucket").orElseThrow().versioning());
    }

    @Test
    void objectLockCanBeEnabledOnAVersionedBucketOnly() {
        AccountInfo a = account("lb-later");
        Bucket plain = store.createBucket(a.id(), "lb-later-bucket", "us-east-1");
        assertEquals(Reason.INVALID_BUCKET_STATE,
                assertThrows(StoreException.class, () -> locks.enableObjectLock(plain)).reason());
        store.bucketSettings().setVersioning(plain, Versioning.SUSPENDED);
        assertEquals(Reason.INVALID_BUCKET_STATE,
                assertThrows(StoreException.class, () -> locks.enableObjectLock(plain)).reason());
        store.bucketSettings().setVersioning(plain, Versioning.ENABLED);
        locks.enableObjectLock(plain);
        assertTrue(store.findBucket("lb-later-bucket").orElseThrow().objectLock());
    }

    @Test
    void governanceRetentionGivesWayOnlyToTheBypass() throws IOException {
        Bucket b = lockBucket("lb-gov", "lb-gov-bucket");
        ObjectRecord v = put(b, "k", "data", new ObjectLock(Mode.GOVERNANCE, in(Duration.ofDays(1)), false));
        assertEquals(Mode.GOVERNANCE, store.findObject(b, "k").orElseThrow().attributes().lock().mode());
        StoreException refused = assertThrows(StoreException.class,
                () -> store.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE));
        assertEquals(Reason.OBJECT_LOCKED, refused.reason());
        assertTrue(refused.getMessage().contains("GOVERNANCE"), refused.getMessage());
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class,
                () -> locks.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE, false)).reason());
        assertUsage(b, 4, 1);
        // Shortening or removing needs the bypass too; extending does not.
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class, () -> locks.setRetention(b, "k",
                null, Mode.GOVERNANCE, in(Duration.ofHours(1)), false)).reason());
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class,
                () -> locks.setRetention(b, "k", null, null, null, false)).reason());
        locks.setRetention(b, "k", null, Mode.GOVERNANCE, in(Duration.ofDays(2)), false);
        locks.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE, true);
        assertTrue(store.findVersion(b, "k", v.versionId()).isEmpty());
        assertUsage(b, 0, 0);
    }

    @Test
    void complianceRetentionHoldsForEveryoneUntilItsDate() throws IOException {
        Bucket b = lockBucket("lb-comp", "lb-comp-bucket");
        ObjectRecord v = put(b, "k", "data", new ObjectLock(Mode.COMPLIANCE, in(Duration.ofHours(1)), false));
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class,
                () -> locks.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE, true)).reason());
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class, () -> locks.setRetention(b, "k",
                v.versionId(), Mode.GOVERNANCE, in(Duration.ofHours(2)), true)).reason());
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class, () -> locks.setRetention(b, "k",
                v.versionId(), Mode.COMPLIANCE, in(Duration.ofMinutes(30)), true)).reason());
        locks.setRetention(b, "k", v.versionId(), Mode.COMPLIANCE, in(Duration.ofHours(2)), false);
        // A delete without a version id only adds a delete marker: allowed, and the version stays.
        DeleteOutcome marker = store.deleteObject(b, "k", DeleteCondition.NONE);
        assertTrue(marker.deleteMarker());
        assertEquals(Mode.COMPLIANCE, store.findVersion(b, "k", v.versionId()).orElseThrow().object().attributes()
                .lock().mode(), "the lock moved with the version");
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class,
                () -> store.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE)).reason());
        F.clock.advance(Duration.ofHours(3));
        store.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE);
        store.deleteVersion(b, "k", marker.versionId(), DeleteCondition.NONE);
        assertUsage(b, 0, 0);
    }

    @Test
    void aLegalHoldHoldsUntilItIsLifted() throws IOException {
        Bucket b = lockBucket("lb-hold", "lb-hold-bucket");
        ObjectRecord v = put(b, "k", "data", ObjectLock.NONE);
        put(b, "k", "newer", ObjectLock.NONE);
        locks.setLegalHold(b, "k", v.versionId(), true);
        assertTrue(store.findVersion(b, "k", v.versionId()).orElseThrow().object().attributes().lock().legalHold());
        assertEquals(Reason.OBJECT_LOCKED, assertThrows(StoreException.class,
                () -> locks.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE, true)).reason());
        assertEquals(Reason.NO_SUCH_KEY, assertThrows(StoreException.class,
                () -> locks.setLegalHold(b, "k", "0".repeat(32), true)).reason());
        locks.setLegalHold(b, "k", v.versionId(), false);
        store.deleteVersion(b, "k", v.versionId(), DeleteCondition.NONE);
        assertUsage(b, 5, 1);
    }

    @Test
    void aCopyDoesNotInheritTheSourcesLock() throws IOException {
        Bucket b = lockBucket("lb-copy", "lb-copy-bucket");
        ObjectRecord src = put(b, "src", "data", new ObjectLock(Mode.COMPLIANCE, in(Duration.ofHours(1)), true));
        ObjectRecord copy = store.copyObject(CopyObject.of(src, b, "dst").build());
        assertEquals(ObjectLock.NONE, store.findObject(b, "dst").orElseThrow().attributes().lock());
        store.deleteVersion(b, "dst", copy.versionId(), DeleteCondition.NONE);
    }

    @Test
    void accountDeletionIsRefusedWhileComplianceDataRemainsAndTheAccountStaysWhole() throws IOException {
        Bucket b = lockBucket("lb-doomed", "lb-doomed-bucket");
        put(b, "kept", "data", new ObjectLock(Mode.COMPLIANCE, in(Duration.ofHours(1)), false));
        put(b, "other", "more", ObjectLock.NONE);
        StoreException refused = assertThrows(StoreException.class, () -> store.accounts().delete("lb-doomed"));
        assertEquals(Reason.OBJECT_LOCKED, refused.reason());
        assertTrue(refused.getMessage().contains("COMPLIANCE") && refused.getMessage().contains("kept")
                && refused.getMessage().contains("lb-doomed-bucket"), refused.getMessage());
        AccountInfo a = store.accounts().findById(b.ownerId()).orElseThrow();
        assertEquals(AccountState.ACTIVE, a.state());
        assertEquals(2, store.listObjects(b, "", null, null, 10).contents().size());
        assertUsage(b, 8, 2);
        F.clock.advance(Duration.ofHours(2));
        store.accounts().delete("lb-doomed");
        assertTrue(store.findBucket("lb-doomed-bucket").isEmpty());
    }

    @Test
    void accountDeletionBypassesGovernanceButNotALegalHold() throws IOException {
        Bucket b = lockBucket("lb-gone", "lb-gone-bucket");
        put(b, "gov", "data", new ObjectLock(Mode.GOVERNANCE, in(Duration.ofDays(30)), false));
        put(b, "gov", "data2", new ObjectLock(Mode.GOVERNANCE, in(Duration.ofDays(30)), false));
        ObjectRecord held = put(b, "held", "x", ObjectLock.NONE);
        locks.setLegalHold(b, "held", held.versionId(), true);
        StoreException refused = assertThrows(StoreException.class, () -> store.accounts().delete("lb-gone"));
        assertTrue(refused.getMessage().contains("legal hold"), refused.getMessage());
        locks.setLegalHold(b, "held", held.versionId(), false);
        store.accounts().delete("lb-gone");
        assertTrue(store.findBucket("lb-gone-bucket").isEmpty());
        assertFalse(store.accounts().findById(b.ownerId()).orElseThrow().state() == AccountState.ACTIVE);
    }

    private Instant in(Duration d) {
        return F.clock.instant().plus(d);
    }

    private AccountInfo account(String name) {
        return store.accounts().create(NewAccount.named(name)).account();
    }

    private Bucket lockBucket(String account, String name) {
        return store.createBucket(account(account).id(), name, "us-east-1", true);
    }

    private ObjectRecord put(Bucket b, String key, String data, ObjectLock lock) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return store.putObject(PutObject.of(b, key, new ByteArrayInputStream(bytes), bytes.length)
                .attributes(() -> ObjectAttributes.DEFAULT.withLock(lock)).build());
    }

    private void assertUsage(Bucket b, long bytes, long objects) {
        AccountInfo a = store.accounts().findById(b.ownerId()).orElseThrow();
        assertEquals(bytes, a.usage().usedBytes(), "used bytes");
        assertEquals(objects, a.usage().objectCount(), "object count");
        UsageDrift drift = store.quotas().reconcile(a.id(), a.name());
        assertEquals(drift.recordedBytes(), drift.actualBytes(), "reconciled bytes");
        assertEquals(drift.recordedObjects(), drift.actualObjects(), "reconciled objects");
    }

}
