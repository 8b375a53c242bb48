package coffer.storage.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Bucket;
import coffer.storage.QuotaExceededException;
import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountUsage;
import coffer.storage.accounts.NewAccount;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.UploadPart;
import coffer.storage.quota.UsageDrift;
import coffer.storage.testkit.AesGcmSecretSealer;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.FileBlobEngine;
import coffer.storage.testkit.MutableClock;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads are bounded like everything else an account stores: a limit on uploads in progress, a minimum
 * charge per stored part (empty ones included), and expiry of idle uploads, with reconciliation agreeing.
 */
class StoreMultipartLimitsTest {
    private static final Duration EXPIRY = Duration.ofHours(1);
    private static MutableClock clock;
    private static FileBlobEngine blobs;
    private static Store store;

    @BeforeAll
    static void open() throws IOException {
        SecureRandom random = new SecureRandom();
        clock = new MutableClock(Instant.parse("2025-03-04T05:06:07.890Z"));
        Path dir = Files.createDirectories(Path.of("target", "blobs"));
        blobs = new FileBlobEngine(Files.createTempDirectory(dir, "mp_limits"), random);
        store = Store.builder().database(EmbeddedMariaDb.get().newDatabase("store_mp_limits")).blobs(blobs)
                .sealer(new AesGcmSecretSealer(random)).clock(clock).random(random).gcGrace(StoreFixture.GRACE)
                .lookupTtl(Duration.ZERO).multipartLimits(new MultipartLimits(3, EXPIRY)).build();
        store.migrate();
    }

    private static Bucket account(String name, long quota) {
        long id = store.accounts().create(new NewAccount(name, name, null, null, quota, null, null)).account().id();
        return store.createBucket(id, name + "-bucket", "us-east-1");
    }

    private static AccountUsage usage(Bucket b) {
        return store.accounts().list().stream().filter(a -> a.id() == b.ownerId()).findFirst().orElseThrow().usage();
    }

    private static String create(Bucket b, String key) {
        return store.multipart().createMultipartUpload(NewUpload.of(b, key).build()).uploadId();
    }

    private static UploadPart part(Bucket b, String key, String upload, int n, int size) throws IOException {
        return store.multipart().uploadPart(PutPart.of(b, key, upload, n, new ByteArrayInputStream(new byte[size]),
                size).build());
    }

    private static void assertNoDrift(Bucket b) {
        UsageDrift d = store.accounts().reconcile().stream().filter(x -> x.accountId() == b.ownerId()).findFirst()
                .orElseThrow();
        assertFalse(d.hasDrift(), d.toString());
    }

    @Test
    void anAccountHasAtMostTheLimitOfUploadsInProgress() {
        Bucket b = account("capped", 1_000_000);
        Bucket other = store.createBucket(b.ownerId(), "capped-other", "us-east-1");
        String first = create(b, "a");
        create(b, "b");
        create(other, "c"); // the limit is per account, across its buckets

        StoreException refused = assertThrows(StoreException.class, () -> create(b, "d"));
        assertEquals(Reason.TOO_MANY_UPLOADS, refused.reason());
        assertEquals(3, store.multipart().listMultipartUploads(b, null, null, null, null, 100).uploads().size()
                + store.multipart().listMultipartUploads(other, null, null, null, null, 100).uploads().size());
        // Another account is not affected.
        create(account("uncapped", 1_000_000), "x");

        store.multipart().abortMultipartUpload(b, "a", first);
        create(b, "d");
        assertThrows(StoreException.class, () -> create(b, "e"));
        // Deleting a bucket aborts its uploads, and frees their places.
        store.deleteBucket(other);
        create(b, "e");
        assertNoDrift(b);
    }

    @Test
    void everyStoredPartCountsEvenAnEmptyOne() throws IOException {
        Bucket b = account("empty-parts", 3 * Quotas.MIN_PART_CHARGE);
        String up = create(b, "mp");
        for (int n = 1; n <= 3; n++) {
            part(b, "mp", up, n, 0);
        }
        assertEquals(3 * Quotas.MIN_PART_CHARGE, usage(b).usedBytes());
        assertThrows(QuotaExceededException.class, () -> part(b, "mp", up, 4, 0));
        String other = create(b, "other");
        assertThrows(QuotaExceededException.class, () -> part(b, "other", other, 1, 0));
        // Replacing a part with another within the minimum charge needs no room.
        part(b, "mp", up, 2, 10);
        assertEquals(3 * Quotas.MIN_PART_CHARGE, usage(b).usedBytes());
        assertNoDrift(b);
        store.multipart().abortMultipartUpload(b, "mp", up);
        assertEquals(0, usage(b).usedBytes());
        assertNoDrift(b);
    }

    @Test
    void anUploadIdleForLongerThanTheExpiryIsAbortedAndItsUsageGivenBack() throws IOException {
        Bucket b = account("expiring", 1_000_000);
        String idle = create(b, "idle");
        UploadPart idlePart = part(b, "idle", idle, 1, 100);
        String busy = create(b, "busy");
        String fresh = create(b, "fresh-part");
        part(b, "fresh-part", fresh, 1, 5000);
        clock.advance(EXPIRY.minusMinutes(10));
        part(b, "busy", busy, 1, 200); // activity: its expiry starts again
        clock.advance(Duration.ofMinutes(20));
        assertEquals(2 * Quotas.MIN_PART_CHARGE + 5000, usage(b).usedBytes());

        // At least these two (the other tests' uploads, on the same clock, may be idle too).
        assertTrue(store.multipart().expireIdleUploads() >= 2);

        List<String> left = store.multipart().listMultipartUploads(b, null, null, null, null, 100).uploads()
                .stream().map(u -> u.uploadId()).toList();
        assertEquals(List.of(busy), left);
        assertEquals(Quotas.MIN_PART_CHARGE, usage(b).usedBytes());
        assertNoDrift(b);
        StoreException gone = assertThrows(StoreException.class, () -> part(b, "idle", idle, 2, 1));
        assertEquals(Reason.NO_SUCH_UPLOAD, gone.reason());
        // The parts' blobs go the collector's way, after the grace period.
        clock.advance(StoreFixture.GRACE.plusSeconds(1));
        store.collectGarbage(100);
        assertFalse(blobs.exists(idlePart.blob().id()));
        assertEquals(0, store.multipart().expireIdleUploads());
        // Its place is free again: 1 left + 2 new = the limit of 3.
        create(b, "again1");
        create(b, "again2");
        assertEquals(Reason.TOO_MANY_UPLOADS, assertThrows(StoreException.class, () -> create(b, "again3")).reason());
    }
}
