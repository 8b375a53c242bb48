package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.multipart.UploadsPage;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoreMultipartTest {
    private static final StoreFixture F = new StoreFixture("store_multipart");
    private static final int MIN = (int) MultipartUploads.MIN_PART_SIZE;
    private final Store store = F.store;
    private final Bucket bucket;

    StoreMultipartTest() {
        AccountInfo a = store.accounts().create(NewAccount.named("mp-" + System.nanoTime())).account();
        bucket = store.createBucket(a.id(), "mp-" + System.nanoTime(), "us-east-1");
    }

    @Test
    void completePublishesAManifestAndReadsSpanParts() throws Exception {
        byte[] one = random(MIN, 1);
        byte[] two = random(MIN + 100, 2);
        byte[] three = random(1000, 3);
        ObjectMetadata md = new ObjectMetadata("text/x-test", null, null, null, null, null, Map.of("a", "b"));
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, "big").metadata(md).build());
        assertEquals(32, u.uploadId().length());
        UploadPart p1 = part(u, 1, one);
        UploadPart p2 = part(u, 2, two);
        UploadPart p3 = part(u, 3, three);
        UploadPart unused = part(u, 4, random(10, 4));

        ObjectRecord done = store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "big", u.uploadId(),
                List.of(done(p1), done(p2), done(p3))).build());
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (byte[] b : List.of(one, two, three)) {
            md5.update(MessageDigest.getInstance("MD5").digest(b));
        }
        assertEquals(HexFormat.of().formatHex(md5.digest()) + "-3", done.etag());
        assertEquals(one.length + two.length + three.length, done.size());

        ObjectRecord found = store.findObject(bucket, "big").orElseThrow();
        assertEquals(done, found);
        assertEquals(3, found.partCount());
        assertEquals(md, found.metadata());
        byte[] all = concat(one, two, three);
        assertArrayEquals(all, read(found, 0, all.length - 1));
        assertArrayEquals(Arrays.copyOfRange(all, MIN - 5, 2 * MIN + 110), read(found, MIN - 5, 2 * MIN + 109));
        assertArrayEquals(Arrays.copyOfRange(all, MIN, MIN + 1), read(found, MIN, MIN));

        assertEquals(0, Sql.count(F.db, "SELECT COUNT(*) FROM upload WHERE upload_id = ?", u.uploadId()));
        assertEquals(0, Sql.count(F.db, "SELECT COUNT(*) FROM upload_part WHERE upload_id = ?", u.uploadId()));
        assertEquals(List.of(0L, (long) MIN, (long) 2 * MIN + 100), Sql.column(F.db, "SELECT start_offset FROM"
                + " object_part WHERE bucket_id = ? ORDER BY part_number", bucket.id()));
        assertTrue(queued().contains(unused.blob().id().value()));
        assertFalse(queued().contains(p1.blob().id().value()));
        var listing = store.listObjects(bucket, "", null, null, 10);
        assertEquals(done.etag(), listing.contents().get(0).etag());
        assertEquals(done.size(), listing.contents().get(0).size());
        assertThrows(StoreException.class, () -> store.multipart().listParts(bucket, "big", u.uploadId(), 0, 10));
    }

    @Test
    void overwritingAndDeletingAMultipartObjectEnqueuesItsParts() throws IOException {
        ObjectRecord mp = smallMultipart("mp-over", 2);
        ObjectRecord single = store.putObject(PutObject.of(bucket, "mp-over",
                new ByteArrayInputStream(new byte[] {1}), 1).build());
        for (var b : mp.blobs()) {
            assertTrue(queued().contains(b.id().value()));
        }
        assertEquals(0, Sql.count(F.db, "SELECT COUNT(*) FROM object_part WHERE bucket_id = ? AND object_key = ?",
                bucket.id(), "mp-over".getBytes()));
        store.deleteObject(bucket, "mp-over", DeleteCondition.NONE);
        assertTrue(queued().contains(single.blob().id().value()));
    }

    @Test
    void completeChecksThePartList() throws IOException {
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, "checked").build());
        UploadPart small = part(u, 1, random(10, 5));
        UploadPart big = part(u, 2, random(MIN, 6));
        UploadPart last = part(u, 3, random(10, 7));
        assertReason(Reason.INVALID_PART_ORDER, List.of(done(big), done(small)), u);
        assertReason(Reason.INVALID_PART_ORDER, List.of(done(big), done(big)), u);
        assertReason(Reason.INVALID_PART, List.of(new CompletedPart(1, "00"), done(big)), u);
        assertReason(Reason.INVALID_PART, List.of(done(big), new CompletedPart(9, last.etag())), u);
        assertReason(Reason.ENTITY_TOO_SMALL, List.of(done(small), done(big)), u);
        // Still open after every refusal; a single small part is a valid (last) part.
        ObjectRecord r = store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "checked", u.uploadId(),
                List.of(done(big),
                done(last))).build());
        assertEquals(MIN + 10, r.size());
        assertReason(Reason.NO_SUCH_UPLOAD, List.of(done(big)), u);
    }

    @Test
    void aCompletionCanBeRepeatedWithTheSamePartsWhileItsObjectIsCurrent() throws IOException {
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, "again").build());
        UploadPart big = part(u, 1, random(MIN, 11));
        UploadPart last = part(u, 2, random(10, 12));
        List<CompletedPart> listed = List.of(done(big), done(last));
        ObjectRecord first = store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "again",
                u.uploadId(), listed).build());
        ObjectRecord second = store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "again",
                u.uploadId(), listed).build());
        assertEquals(first.etag(), second.etag());
        assertEquals(first.size(), second.size());
        // Other parts, another key, or an unknown id: the upload is gone.
        assertReason(Reason.NO_SUCH_UPLOAD, List.of(done(big)), u);
        assertReason(Reason.NO_SUCH_UPLOAD, List.of(new CompletedPart(1, "not-an-md5"), done(last)), u);
        StoreException e = assertThrows(StoreException.class,
                () -> store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "other", u.uploadId(),
                listed).build()));
        assertEquals(Reason.NO_SUCH_UPLOAD, e.reason());
        // Not once the window has passed, nor once the object was replaced.
        F.clock.advance(java.time.Duration.ofDays(1).plusSeconds(1));
        assertReason(Reason.NO_SUCH_UPLOAD, listed, u);
        Upload v = store.multipart().createMultipartUpload(NewUpload.of(bucket, "again2").build());
        UploadPart only = part(v, 1, random(10, 13));
        store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "again2", v.uploadId(),
                List.of(done(only))).build());
        store.putObject(PutObject.of(bucket, "again2", new ByteArrayInputStream(new byte[3]), 3).build());
        assertReason(Reason.NO_SUCH_UPLOAD, List.of(done(only)), v);
    }

    @Test
    void noSuchUploadForOtherKeysAbortedAndUnknownIds() throws IOException {
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, "mine").build());
        StoreException e = assertThrows(StoreException.class, () -> store.multipart().uploadPart(PutPart.of(bucket,
                "other", u.uploadId(), 1, new ByteArrayInputStream(new byte[1]), 1).build()));
        assertEquals(Reason.NO_SUCH_UPLOAD, e.reason());
        UploadPart p = part(u, 1, random(5, 8));
        store.multipart().abortMultipartUpload(bucket, "mine", u.uploadId());
        assertTrue(queued().contains(p.blob().id().value()));
        e = assertThrows(StoreException.class, () -> store.multipart().abortMultipartUpload(bucket, "mine",
                u.uploadId()));
        assertEquals(Reason.NO_SUCH_UPLOAD, e.reason());
        e = assertThrows(StoreException.class, () -> store.multipart().listParts(bucket, "mine", "nope", 0, 10));
        assertEquals(Reason.NO_SUCH_UPLOAD, e.reason());
    }

    @Test
    void reuploadingAPartReplacesItAndListPartsPages() throws IOException {
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, "parts").build());
        UploadPart old = part(u, 2, random(5, 9));
        UploadPart fresh = part(u, 2, random(6, 10));
        assertTrue(queued().contains(old.blob().id().value()));
        for (int n : new int[] {1, 3, 4, 5}) {
            part(u, n, random(n, n));
        }
        PartsPage first = store.multipart().listParts(bucket, "parts", u.uploadId(), 0, 2);
        assertEquals(List.of(1, 2), first.parts().stream().map(UploadPart::partNumber).toList());
        assertTrue(first.truncated());
        assertEquals(2, first.nextPartNumberMarker());
        assertEquals(fresh.etag(), first.parts().get(1).etag());
        PartsPage second = store.multipart().listParts(bucket, "parts", u.uploadId(), 2, 3);
        assertEquals(List.of(3, 4, 5), second.parts().stream().map(UploadPart::partNumber).toList());
        assertFalse(second.truncated());
    }

    @Test
    void listUploadsWithPrefixDelimiterAndMarkers() {
        AccountInfo a = store.accounts().create(NewAccount.named("mpl-" + System.nanoTime())).account();
        Bucket b = store.createBucket(a.id(), "mpl-" + System.nanoTime(), "us-east-1");
        Upload a1 = store.multipart().createMultipartUpload(NewUpload.of(b, "a").build());
        Upload a2 = store.multipart().createMultipartUpload(NewUpload.of(b, "a").build());
        store.multipart().createMultipartUpload(NewUpload.of(b, "dir/x").build());
        store.multipart().createMultipartUpload(NewUpload.of(b, "dir/y").build());
        Upload z = store.multipart().createMultipartUpload(NewUpload.of(b, "z").build());
        List<String> aIds = a1.uploadId().compareTo(a2.uploadId()) < 0
                ? List.of(a1.uploadId(), a2.uploadId()) : List.of(a2.uploadId(), a1.uploadId());

        UploadsPage all = store.multipart().listMultipartUploads(b, "", null, null, null, 100);
        assertEquals(List.of("a", "a", "dir/x", "dir/y", "z"), all.uploads().stream().map(Upload::key).toList());
        assertEquals(aIds, all.uploads().subList(0, 2).stream().map(Upload::uploadId).toList());

        UploadsPage rolled = store.multipart().listMultipartUploads(b, "", "/", null, null, 100);
        assertEquals(List.of("dir/"), rolled.commonPrefixes());
        assertEquals(3, rolled.uploads().size());

        UploadsPage page1 = store.multipart().listMultipartUploads(b, "", "/", null, null, 1);
        assertTrue(page1.truncated());
        assertEquals("a", page1.nextKeyMarker());
        assertEquals(aIds.get(0), page1.nextUploadIdMarker());
        UploadsPage page2 = store.multipart().listMultipartUploads(b, "", "/", "a", aIds.get(0), 2);
        assertEquals(List.of(aIds.get(1)), page2.uploads().stream().map(Upload::uploadId).toList());
        assertEquals(List.of("dir/"), page2.commonPrefixes());
        assertTrue(page2.truncated());
        assertEquals("dir/", page2.nextKeyMarker());
        UploadsPage page3 = store.multipart().listMultipartUploads(b, "", "/", "dir/", null, 2);
        assertEquals(List.of(z.uploadId()), page3.uploads().stream().map(Upload::uploadId).toList());
        assertFalse(page3.truncated());

        assertEquals(2, store.multipart().listMultipartUploads(b, "dir/", null, null, null, 10).uploads().size());
        assertEquals(List.of("z"), store.multipart().listMultipartUploads(b, "", null, "a", null, 10).uploads().stream()
                .map(Upload::key).filter(k -> !k.startsWith("dir/")).toList());
        // Open uploads do not keep a bucket alive.
        store.deleteBucket(b);
        assertTrue(store.findBucket(b.name()).isEmpty());
    }

    private void assertReason(Reason reason, List<CompletedPart> parts, Upload u) {
        StoreException e = assertThrows(StoreException.class,
                () -> store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, u.key(), u.uploadId(), parts)
                .build()));
        assertEquals(reason, e.reason());
    }

    ObjectRecord smallMultipart(String key, int parts) throws IOException {
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, key).build());
        List<CompletedPart> done = new java.util.ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            done.add(done(part(u, i, random(i == parts ? 10 : MIN, i))));
        }
        return store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, key, u.uploadId(), done).build());
    }

    private UploadPart part(Upload u, int n, byte[] data) throws IOException {
        return store.multipart().uploadPart(PutPart.of(bucket, u.key(), u.uploadId(), n,
                new ByteArrayInputStream(data), data.length).build());
    }

    private static CompletedPart done(UploadPart p) {
        return new CompletedPart(p.partNumber(), p.etag());
    }

    private byte[] read(ObjectRecord r, long first, long last) throws IOException {
        try (InputStream in = store.openObject(r, first, last, null)) {
            return in.readAllBytes();
        }
    }

    private static List<String> queued() {
        return Sql.column(F.db, "SELECT blob_id FROM gc_queue").stream().map(v -> (String) v).toList();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
