package coffer.storage.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.Store;
import coffer.storage.accounts.AccountUsage;
import coffer.storage.accounts.NewAccount;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The engine decides a write's reservation from the {@link QuotaClaim} its request carries ({@link Quotas#claim}):
 * refused before the body is read, consumed by the publish, released otherwise, and never left behind.
 */
class StoreQuotaClaimTest {
    private static final StoreFixture F = new StoreFixture("store_quota_claim");
    private static final int BIG = (int) Quotas.SMALL_WRITE_BYTES + 1;
    private final Store store = F.store;

    private Bucket account(String name, long quota) {
        long id = store.accounts().create(new NewAccount(name, name, null, null, quota, null, null)).account().id();
        return store.createBucket(id, name + "-bucket", "us-east-1");
    }

    private AccountUsage usage(Bucket b) {
        return store.accounts().list().stream().filter(a -> a.id() == b.ownerId()).findFirst().orElseThrow().usage();
    }

    private long reservationRows(Bucket b) {
        return Sql.count(F.db, "SELECT COUNT(*) FROM reservation WHERE account_id = ?", b.ownerId());
    }

    /** A body that fails the test if the engine reads it. */
    private static InputStream unread() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read before the quota refused it");
            }
        };
    }

    private ObjectRecord put(Bucket b, String key, int size, QuotaClaim claim) throws IOException {
        return store.putObject(PutObject.of(b, key, new ByteArrayInputStream(new byte[size]), size).quota(claim)
                .build());
    }

    @Test
    void aDeclaredLengthThatDoesNotFitIsRefusedBeforeTheBodyIsRead() {
        Bucket b = account("claim-refused", 2L * BIG - 1);
        assertThrows(QuotaExceededException.class, () -> store.putObject(PutObject.of(b, "k", unread(), 2L * BIG)
                .quota(QuotaClaim.declared(b.ownerId(), 2L * BIG)).build()));
        Upload upload = store.multipart().createMultipartUpload(NewUpload.of(b, "mp").build());
        assertThrows(QuotaExceededException.class, () -> store.multipart().uploadPart(PutPart.of(b, "mp",
                upload.uploadId(), 1, unread(), 2L * BIG).quota(QuotaClaim.declared(b.ownerId(), 2L * BIG)).build()));
        assertEquals(0, usage(b).reservedBytes());
        assertEquals(0L, reservationRows(b));
    }

    @Test
    void aDeclaredReservationIsConsumedByItsPublishAndReleasedWhenThePublishFails() throws IOException {
        Bucket b = account("claim-consumed", 10L * BIG);
        put(b, "k", BIG, QuotaClaim.declared(b.ownerId(), BIG));
        assertEquals(BIG, usage(b).usedBytes());
        assertEquals(0, usage(b).reservedBytes());
        assertEquals(0L, reservationRows(b));
        assertEquals(0, store.quotas().inFlight());

        // A body shorter than declared fails the write: its reservation is given back.
        assertThrows(IOException.class, () -> store.putObject(PutObject.of(b, "short",
                new ByteArrayInputStream(new byte[10]), BIG).quota(QuotaClaim.declared(b.ownerId(), BIG)).build()));
        assertEquals(BIG, usage(b).usedBytes());
        assertEquals(0, usage(b).reservedBytes());
        assertEquals(0L, reservationRows(b));
        assertEquals(0, store.quotas().inFlight());
    }

    @Test
    void smallWritesAndBoundsThatDoNotFitGoUnreservedAndAreCheckedAtCommit() throws IOException {
        Bucket b = account("claim-unreserved", 1000);
        // A bound of a million bytes does not fit a 1000-byte quota: the file streams unreserved and fits at commit.
        put(b, "posted", 600, QuotaClaim.ifFits(b.ownerId(), 1_000_000));
        assertEquals(600, usage(b).usedBytes());
        // A small declared write reserves nothing; its growth beyond the quota is refused at commit.
        assertThrows(QuotaExceededException.class, () -> put(b, "small", 500, QuotaClaim.declared(b.ownerId(), 500)));
        put(b, "fits", 400, QuotaClaim.declared(b.ownerId(), 400));
        assertEquals(1000, usage(b).usedBytes());
        assertEquals(0L, reservationRows(b));
    }

    @Test
    void aCopyClaimsTheSourceSize() throws IOException {
        Bucket b = account("claim-copy", 2L * BIG + BIG / 2);
        ObjectRecord src = put(b, "src", BIG, QuotaClaim.declared(b.ownerId(), BIG));
        assertThrows(QuotaExceededException.class, () -> store.copyObject(CopyObject.of(src, b, "copy-too-many")
                .quota(QuotaClaim.declared(b.ownerId(), 2L * BIG)).build()));
        store.copyObject(CopyObject.of(src, b, "copy").quota(QuotaClaim.declared(b.ownerId(), src.size())).build());
        assertEquals(2L * BIG, usage(b).usedBytes());
        assertEquals(0, usage(b).reservedBytes());
    }
}
