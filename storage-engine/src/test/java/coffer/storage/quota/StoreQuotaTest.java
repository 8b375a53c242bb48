package coffer.storage.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.DeleteCondition;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.WriteCondition;
import coffer.storage.accounts.AccountUsage;
import coffer.storage.accounts.NewAccount;
import coffer.storage.internal.catalog.Reservation;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.CopyPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.UploadPart;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage bookkeeping of every publish, reservations, the commit-time check and the reaper, on a real MariaDB. */
class StoreQuotaTest {
    private static final StoreFixture F = new StoreFixture("store_quota");
    private final Store store = F.store;
    private final Quotas quotas = store.quotas();

    /** A fresh account with its own quota and one bucket. */
    private Bucket account(String name, long quota) {
        long id = store.accounts().create(new NewAccount(name, name, null, null, quota, null, null)).account().id();
        return store.createBucket(id, name + "-bucket", "us-east-1");
    }

    private AccountUsage usage(Bucket b) {
        return store.accounts().list().stream().filter(a -> a.id() == b.ownerId()).findFirst().orElseThrow().usage();
    }

    private ObjectRecord put(Bucket b, String key, int size, Reservation r) throws IOException {
        return store.putObject(PutObject.of(b, key, new ByteArrayInputStream(new byte[size]), size)
                .quota(QuotaClaim.held(r)).build());
    }

    private UploadPart part(Bucket b, String key, String upload, int n, int size) throws IOException {
        return store.multipart().uploadPart(PutPart.of(b, key, upload, n, new ByteArrayInputStream(new byte[size]),
                size).build());
    }

    private void assertNoDrift(Bucket b) {
        UsageDrift d = store.accounts().reconcile().stream().filter(x -> x.accountId() == b.ownerId()).findFirst()
                .orElseThrow();
        assertFalse(d.hasDrift(), d.toString());
    }

    @Test
    void everyPublishMovesUsageInItsOwnTransaction() throws IOException {
        Bucket b = account("ledger", 1_000_000);
        put(b, "a", 100, Reservation.NONE);
        assertEquals(new AccountUsage(100, 0, 1), usage(b));
        put(b, "a", 30, Reservation.NONE); // overwrite: net of the replaced object
        assertEquals(new AccountUsage(30, 0, 1), usage(b));
        ObjectRecord a = store.findObject(b, "a").orElseThrow();
        store.copyObject(CopyObject.of(a, b, "copy").metadata(ObjectMetadata.EMPTY)
                .build()); // shares the blob, counts in full
        assertEquals(new AccountUsage(60, 0, 2), usage(b));
        store.deleteObject(b, "copy", DeleteCondition.NONE);
        store.deleteObject(b, "never-there", DeleteCondition.NONE);
        assertEquals(new AccountUsage(30, 0, 1), usage(b));
        assertNoDrift(b);

        String up = store.multipart().createMultipartUpload(NewUpload.of(b, "mp").build()).uploadId();
        part(b, "mp", up, 1, 10);
        part(b, "mp", up, 2, 20);
        part(b, "mp", up, 2, 25); // replaced part: net
        part(b, "mp", up, 3, 7);
        long charge = Quotas.MIN_PART_CHARGE; // each of these small parts counts the minimum charge
        assertEquals(new AccountUsage(30 + 3 * charge, 0, 1), usage(b), "parts count when stored");
        store.multipart().uploadPartCopy(CopyPart.of(b, "mp", up, 4, a, 0, a.size() - 1)
                .build()); // shared whole-object part
        assertEquals(new AccountUsage(30 + 4 * charge, 0, 1), usage(b));
        assertNoDrift(b);
        // Complete with part 4 only: it moves into the object, parts 1-3 are given back.
        UploadPart p4 = store.multipart().listParts(b, "mp", up, 3, 10).parts().get(0);
        store.multipart().completeMultipartUpload(CompleteUpload.of(b, "mp", up, List.of(new CompletedPart(4,
                p4.etag()))).build());
        assertEquals(new AccountUsage(60, 0, 2), usage(b));
        // Complete onto an existing key: net of the replaced object.
        String up2 = store.multipart().createMultipartUpload(NewUpload.of(b, "a").build()).uploadId();
        UploadPart only = part(b, "a", up2, 1, 12);
        store.multipart().completeMultipartUpload(CompleteUpload.of(b, "a", up2, List.of(new CompletedPart(1,
                only.etag()))).build());
        assertEquals(new AccountUsage(42, 0, 2), usage(b));
        // Abort gives every part back.
        String up3 = store.multipart().createMultipartUpload(NewUpload.of(b, "gone").build()).uploadId();
        part(b, "gone", up3, 1, 40);
        part(b, "gone", up3, 2, 50);
        assertEquals(42 + 2 * charge, usage(b).usedBytes());
        store.multipart().abortMultipartUpload(b, "gone", up3);
        assertEquals(new AccountUsage(42, 0, 2), usage(b));
        assertNoDrift(b);
    }

    @Test
    void deletingTheBucketGivesBackTheUploadsItAborts() throws IOException {
        Bucket b = account("dropped", 1_000_000);
        String up = store.multipart().createMultipartUpload(NewUpload.of(b, "mp").build()).uploadId();
        part(b, "mp", up, 1, 33);
        assertEquals(Quotas.MIN_PART_CHARGE, usage(b).usedBytes());
        store.deleteBucket(b);
        assertEquals(new AccountUsage(0, 0, 0), usage(b));
        assertNoDrift(b);
    }

    /**
     * Uploads are aborted one transaction each before the bucket goes (Galera write-set limits); a bucket that still
     * holds an object is refused and keeps its uploads and their charges.
     */
    @Test
    void deletingABucketWithManyUploadsAbortsEachAndANonEmptyOneKeepsThem() throws IOException {
        Bucket b = account("many-uploads", 10_000_000);
        for (int i = 0; i < 5; i++) {
            String up = store.multipart().createMultipartUpload(NewUpload.of(b, "mp" + i).build()).uploadId();
            part(b, "mp" + i, up, 1, 10 + i);
            part(b, "mp" + i, up, 2, 20 + i);
        }
        put(b, "keeps-it", 7, Reservation.NONE);
        long charged = 10 * Quotas.MIN_PART_CHARGE + 7;
        assertEquals(charged, usage(b).usedBytes());
        assertEquals(Reason.BUCKET_NOT_EMPTY, assertThrows(StoreException.class, () -> store.deleteBucket(b)).reason());
        assertEquals(5, store.multipart().listMultipartUploads(b, "", null, null, null, 100).uploads().size());
        assertEquals(charged, usage(b).usedBytes());
        store.deleteObject(b, "keeps-it", DeleteCondition.NONE);
        store.deleteBucket(b);
        assertEquals(new AccountUsage(0, 0, 0), usage(b));
        assertNoDrift(b);
    }

    @Test
    void accountDeletionLeavesNothingUsed() throws IOException {
        Bucket b = account("leaving", 1_000_000);
        put(b, "x", 64, Reservation.NONE);
        String up = store.multipart().createMultipartUpload(NewUpload.of(b, "mp").build()).uploadId();
        part(b, "mp", up, 1, 9);
        store.accounts().delete("leaving");
        assertEquals(new AccountUsage(0, 0, 0), usage(b));
    }

    @Test
    void aReservationMustFitAndIsConsumedByItsPublish() throws IOException {
        Bucket b = account("reserving", 100);
        Reservation r60 = quotas.reserve(b.ownerId(), 60);
        assertEquals(new AccountUsage(0, 60, 0), usage(b));
        QuotaExceededException refused = assertThrows(QuotaExceededException.class,
                () -> quotas.reserve(b.ownerId(), 41));
        assertEquals(Reason.QUOTA_EXCEEDED, refused.reason());
        assertEquals(100, refused.quotaBytes());
        Reservation r40 = quotas.reserve(b.ownerId(), 40); // exactly the rest
        assertEquals(new AccountUsage(0, 100, 0), usage(b));

        put(b, "sixty", 60, r60);
        quotas.finish(r60, true);
        assertEquals(new AccountUsage(60, 40, 1), usage(b));
        assertEquals(1L, Sql.count(F.db, "SELECT COUNT(*) FROM reservation WHERE account_id = ?", b.ownerId()));
        quotas.finish(r40, false); // the request failed: its bytes come back
        assertEquals(new AccountUsage(60, 0, 1), usage(b));
        assertEquals(0L, Sql.count(F.db, "SELECT COUNT(*) FROM reservation WHERE account_id = ?", b.ownerId()));
        quotas.finish(r40, false); // twice is harmless
        assertEquals(new AccountUsage(60, 0, 1), usage(b));
        assertEquals(0, quotas.inFlight());
        assertEquals(Reservation.NONE, quotas.reserve(b.ownerId(), 0));
    }

    @Test
    void aFailedPublishLeavesTheReservationToBeReleased() throws IOException {
        Bucket b = account("conditional", 100);
        put(b, "k", 10, Reservation.NONE);
        Reservation r = quotas.reserve(b.ownerId(), 20);
        StoreException e = assertThrows(StoreException.class, () -> store.putObject(PutObject.of(b, "k",
                new ByteArrayInputStream(new byte[20]), 20).condition(new WriteCondition(true, null))
                .quota(QuotaClaim.held(r)).build()));
        assertEquals(Reason.PRECONDITION_FAILED, e.reason());
        assertEquals(new AccountUsage(10, 20, 1), usage(b), "rolled back with the publish");
        quotas.finish(r, false);
        assertEquals(new AccountUsage(10, 0, 1), usage(b));
    }

    @Test
    void withoutAReservationGrowthIsCheckedAtCommit() throws IOException {
        Bucket b = account("unreserved", 100);
        put(b, "a", 80, Reservation.NONE);
        int blobsBefore = F.blobs.ids().size();
        QuotaExceededException e = assertThrows(QuotaExceededException.class, () -> put(b, "b", 30,
                Reservation.NONE));
        assertEquals(100, e.quotaBytes());
        assertEquals(blobsBefore, F.blobs.ids().size(), "the refused object's blob is deleted");
        put(b, "a", 100, Reservation.NONE); // replacing 80 by 100 grows by 20: fits exactly
        assertEquals(new AccountUsage(100, 0, 1), usage(b));
        // A reservation smaller than the growth: only the excess needs room.
        store.accounts().setQuota("unreserved", 150L);
        Reservation r = quotas.reserve(b.ownerId(), 10);
        assertThrows(QuotaExceededException.class, () -> put(b, "c", 60, r));
        put(b, "c", 50, r);
        quotas.finish(r, true);
        assertEquals(new AccountUsage(150, 0, 2), usage(b));
        assertNoDrift(b);
    }

    @Test
    void theReaperFreesExpiredLeasesAndSparesRenewedOnes() throws IOException {
        Bucket b = account("crashy", 1000);
        Duration lease = quotas.lease();
        // Another gateway that crashes: it never renews and never finishes.
        Quotas crashed = new Quotas(F.db, F.clock, lease, "crashed-gateway");
        Reservation lost = crashed.reserve(b.ownerId(), 300);
        Reservation live = quotas.reserve(b.ownerId(), 200);
        assertEquals(500, usage(b).reservedBytes());

        F.clock.advance(lease.dividedBy(2));
        assertEquals(0, quotas.reapExpired(), "nothing has expired yet");
        assertEquals(1, quotas.renewLeases());
        F.clock.advance(lease.dividedBy(2).plusSeconds(1));
        assertEquals(1, quotas.reapExpired(), "only the crashed gateway's reservation");
        assertEquals(200, usage(b).reservedBytes());
        assertEquals(List.of((Object) live.id()), Sql.column(F.db,
                "SELECT id FROM reservation WHERE account_id = ?", b.ownerId()));

        // The crashed request's publish (had it survived) finds no reservation and is checked at commit.
        put(b, "late", 300, lost);
        assertEquals(new AccountUsage(300, 200, 1), usage(b));
        F.clock.advance(lease.plusSeconds(1));
        assertEquals(1, quotas.reapExpired(), "a lease nobody renews runs out");
        assertTrue(usage(b).reservedBytes() == 0);
        quotas.finish(live, false);
        assertEquals(new AccountUsage(300, 0, 1), usage(b));
    }
}
