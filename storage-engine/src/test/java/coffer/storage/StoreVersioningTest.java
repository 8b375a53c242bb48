package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.BlobKind;
import coffer.storage.internal.catalog.BlobRow;
import coffer.storage.internal.catalog.IntegrityCatalog;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.quota.UsageDrift;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versioned buckets in the catalog (docs/versioning.md), on a real MariaDB and real blob files. */
class StoreVersioningTest {
    private static final StoreFixture F = new StoreFixture("store_versioning");
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    private final Store store = F.store;

    @Test
    void theStateIsStoredWithTheBucket() {
        Bucket b = bucket("state", "state-bucket", null);
        assertEquals(Versioning.UNVERSIONED, b.versioning());
        store.bucketSettings().setVersioning(b, Versioning.ENABLED);
        assertEquals(Versioning.ENABLED, store.findBucket("state-bucket").orElseThrow().versioning());
        store.bucketSettings().setVersioning(b, Versioning.SUSPENDED);
        assertEquals(Versioning.SUSPENDED, store.findBucket("state-bucket").orElseThrow().versioning());
        store.deleteBucket(b);
        assertEquals(Reason.NO_SUCH_BUCKET, assertThrows(StoreException.class,
                () -> store.bucketSettings().setVersioning(b, Versioning.ENABLED)).reason());
    }

    @Test
    void everyPutKeepsTheVersionBeforeIt() throws IOException {
        Bucket b = bucket("keeper", "keeper-bucket", Versioning.ENABLED);
        ObjectRecord v1 = put(b, "k", "one");
        ObjectRecord v2 = put(b, "k", "two!");
        ObjectRecord v3 = put(b, "k", "three");
        List<String> ids = List.of(v3.versionId(), v2.versionId(), v1.versionId());
        assertEquals(32, v1.versionId().length());
        assertEquals(ids.stream().sorted().toList(), ids, "ascending ids are newest first");
        // The fixture's clock stands still: each version is still 1 ms after the one before.
        assertTrue(v2.lastModified().isAfter(v1.lastModified()));
        assertTrue(v3.lastModified().isAfter(v2.lastModified()));
        assertEquals(v3.versionId(), store.findObject(b, "k").orElseThrow().versionId());
        assertEquals("one", read(store.findVersion(b, "k", v1.versionId()).orElseThrow().object()));
        assertEquals("two!", read(store.findVersion(b, "k", v2.versionId()).orElseThrow().object()));
        assertTrue(store.findVersion(b, "k", "0".repeat(32)).isEmpty());
        assertTrue(store.findVersion(b, "k", "null").isEmpty());
        // Every version counts.
        assertUsage(b, 3 + 4 + 5, 3);
        // None of their blobs is collected.
        store.collectGarbage(100, FAR_FUTURE);
        assertEquals("one", read(store.findVersion(b, "k", v1.versionId()).orElseThrow().object()));
    }

    @Test
    void aDeleteLeavesAMarkerAndRemovingItBringsTheObjectBack() throws IOException {
        Bucket b = bucket("marker", "marker-bucket", Versioning.ENABLED);
        ObjectRecord v1 = put(b, "k", "data");
        DeleteOutcome marker = store.deleteObject(b, "k", DeleteCondition.NONE);
        assertTrue(marker.deleteMarker());
        assertNotEquals(v1.versionId(), marker.versionId());
        assertTrue(store.findObject(b, "k").isEmpty());
        ObjectVersion latest = store.findVersion(b, "k", null).orElseThrow();
        assertTrue(latest.deleteMarker() && latest.latest());
        assertEquals(marker.versionId(), latest.versionId());
        assertEquals(Reason.BUCKET_NOT_EMPTY, assertThrows(StoreException.class, () -> store.deleteBucket(b)).reason());
        assertUsage(b, 4, 1);
        // A second marker on a key without a current object.
        DeleteOutcome second = store.deleteObject(b, "k", DeleteCondition.NONE);
        assertTrue(second.versionId().compareTo(marker.versionId()) < 0);
        DeleteOutcome removed = store.deleteVersion(b, "k", second.versionId(), DeleteCondition.NONE);
        assertTrue(removed.deleteMarker());
        assertTrue(store.findObject(b, "k").isEmpty(), "the older marker is the latest now");
        store.deleteVersion(b, "k", marker.versionId(), DeleteCondition.NONE);
        assertEquals(v1.versionId(), store.findObject(b, "k").orElseThrow().versionId());
        assertEquals("data", read(store.findObject(b, "k").orElseThrow()));
        // Removing the current version for good promotes nothing: the key is gone.
        assertFalse(store.deleteVersion(b, "k", v1.versionId(), DeleteCondition.NONE).deleteMarker());
        assertTrue(store.findVersion(b, "k", null).isEmpty());
        assertUsage(b, 0, 0);
        store.deleteBucket(b);
    }

    @Test
    void removingTheCurrentVersionPromotesThePreviousOne() throws IOException {
        Bucket b = bucket("promote", "promote-bucket", Versioning.ENABLED);
        ObjectRecord v1 = put(b, "k", "first");
        ObjectRecord v2 = put(b, "k", "second");
        store.deleteVersion(b, "k", v2.versionId(), DeleteCondition.NONE);
        ObjectRecord current = store.findObject(b, "k").orElseThrow();
        assertEquals(v1.versionId(), current.versionId());
        assertEquals("first", read(current));
        assertUsage(b, 5, 1);
        // A missing version is no error and changes nothing.
        assertFalse(store.deleteVersion(b, "k", "f".repeat(32), DeleteCondition.NONE).deleteMarker());
        assertUsage(b, 5, 1);
    }

    @Test
    void theNullVersionIsWhatWasWrittenBeforeVersioning() throws IOException {
        Bucket plain = bucket("nullv", "nullv-bucket", null);
        ObjectRecord old = put(plain, "k", "before");
        assertNull(old.versionId());
        store.bucketSettings().setVersioning(plain, Versioning.ENABLED);
        Bucket b = store.findBucket("nullv-bucket").orElseThrow();
        ObjectRecord v1 = put(b, "k", "after");
        assertEquals("before", read(store.findVersion(b, "k", "null").orElseThrow().object()));
        assertUsage(b, 6 + 5, 2);
        store.deleteVersion(b, "k", "null", DeleteCondition.NONE);
        assertTrue(store.findVersion(b, "k", "null").isEmpty());
        assertEquals(v1.versionId(), store.findObject(b, "k").orElseThrow().versionId());
        assertUsage(b, 5, 1);
    }

    @Test
    void suspendedWritesReplaceTheNullVersionAndKeepTheOthers() throws IOException {
        Bucket b = bucket("suspend", "suspend-bucket", Versioning.ENABLED);
        ObjectRecord v1 = put(b, "k", "v1");
        store.bucketSettings().setVersioning(b, Versioning.SUSPENDED);
        Bucket s = store.findBucket("suspend-bucket").orElseThrow();
        ObjectRecord n1 = put(s, "k", "null-1");
        assertNull(n1.versionId());
        ObjectRecord n2 = put(s, "k", "null-22");
        assertNull(n2.versionId());
        assertEquals("null-22", read(store.findVersion(s, "k", "null").orElseThrow().object()));
        assertEquals("v1", read(store.findVersion(s, "k", v1.versionId()).orElseThrow().object()));
        assertUsage(s, 2 + 7, 2);
        // A delete makes the null version a delete marker.
        DeleteOutcome marker = store.deleteObject(s, "k", DeleteCondition.NONE);
        assertEquals(new DeleteOutcome("null", true), marker);
        assertTrue(store.findObject(s, "k").isEmpty());
        assertUsage(s, 2, 1);
        // Enabled again: a new version, and the null marker stays among the versions.
        store.bucketSettings().setVersioning(s, Versioning.ENABLED);
        Bucket e = store.findBucket("suspend-bucket").orElseThrow();
        ObjectRecord v2 = put(e, "k", "v2");
        assertTrue(store.findVersion(e, "k", "null").orElseThrow().deleteMarker());
        assertEquals(v2.versionId(), store.findObject(e, "k").orElseThrow().versionId());
        assertUsage(e, 4, 2);
    }

    @Test
    void multipartVersionsMoveWithTheirManifest() throws IOException {
        Bucket b = bucket("multi", "multi-bucket", Versioning.ENABLED);
        byte[] first = new byte[5 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(b, "m").build());
        UploadPart p1 = store.multipart().uploadPart(PutPart.of(b, "m", u.uploadId(), 1,
                new ByteArrayInputStream(first), first.length).build());
        UploadPart p2 = store.multipart().uploadPart(PutPart.of(b, "m", u.uploadId(), 2,
                new ByteArrayInputStream("tail".getBytes(StandardCharsets.UTF_8)), 4).build());
        ObjectRecord mp = store.multipart().completeMultipartUpload(CompleteUpload.of(b, "m", u.uploadId(),
                List.of(new CompletedPart(1, p1.etag()), new CompletedPart(2, p2.etag()))).build());
        assertEquals(32, mp.versionId().length());
        ObjectRecord plain = put(b, "m", "small");
        store.collectGarbage(100, FAR_FUTURE);
        ObjectVersion kept = store.findVersion(b, "m", mp.versionId()).orElseThrow();
        assertEquals(2, kept.object().blobs().size());
        try (InputStream in = store.openObject(kept.object(), first.length - 1, first.length + 3, null)) {
            assertArrayEquals("atail".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        store.deleteVersion(b, "m", plain.versionId(), DeleteCondition.NONE);
        ObjectRecord back = store.findObject(b, "m").orElseThrow();
        assertEquals(mp.versionId(), back.versionId());
        assertEquals(2, back.partCount());
        assertEquals("tail", new String(store.openObject(back, first.length, first.length + 3, null).readAllBytes(),
                StandardCharsets.UTF_8));
        assertUsage(b, first.length + 4, 1);
    }

    @Test
    void conditionsAreDecidedOnTheCurrentVersion() throws IOException {
        Bucket b = bucket("cond", "cond-bucket", Versioning.ENABLED);
        put(b, "k", "x");
        assertEquals(Reason.PRECONDITION_FAILED, assertThrows(StoreException.class, () -> store.putObject(
                PutObject.of(b, "k", new ByteArrayInputStream(new byte[0]), 0)
                        .condition(new WriteCondition(true, null)).build())).reason());
        store.deleteObject(b, "k", DeleteCondition.NONE);
        // Behind a delete marker there is no current object: a create-only write succeeds.
        store.putObject(PutObject.of(b, "k", new ByteArrayInputStream(new byte[0]), 0)
                .condition(new WriteCondition(true, null)).build());
        assertUsage(b, 1, 2);
        // A version's own ETag and size decide a conditional delete of it.
        ObjectRecord old = put(b, "c", "abc");
        put(b, "c", "d");
        assertEquals(Reason.PRECONDITION_FAILED, assertThrows(StoreException.class, () -> store.deleteVersion(b, "c",
                old.versionId(), new DeleteCondition(null, null, 1L))).reason());
        store.deleteVersion(b, "c", old.versionId(), new DeleteCondition(old.etag(), null, 3L));
        assertTrue(store.findVersion(b, "c", old.versionId()).isEmpty());
    }

    @Test
    void integrityWalksAndMigrationSeeNoncurrentVersions() throws IOException {
        Bucket b = bucket("walked", "walked-bucket", Versioning.ENABLED);
        ObjectRecord v1 = put(b, "w", "1");
        ObjectRecord v2 = put(b, "w", "2");
        put(b, "w", "3");
        IntegrityCatalog integrity = new IntegrityCatalog(F.db);
        List<BlobRow> first = integrity.rows(BlobKind.OBJECT_VERSION, null, 1).stream()
                .filter(r -> r.bucketId() == b.id()).toList();
        List<BlobRow> all = new java.util.ArrayList<>();
        for (BlobRow after = null; ; ) {
            List<BlobRow> page = integrity.rows(BlobKind.OBJECT_VERSION, after, 1);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(0);
            if (after.bucketId() == b.id()) {
                all.add(after);
            }
        }
        assertEquals(List.of(v2.blob().id(), v1.blob().id()), all.stream().map(r -> r.blob().id()).toList());
        assertTrue(first.size() <= 1);
        assertTrue(integrity.stillNamed(v1.blob().id()));
    }

    @Test
    void accountDeletionShredsEveryVersion() throws IOException {
        Bucket b = bucket("shredded", "shredded-bucket", Versioning.ENABLED);
        put(b, "a", "1");
        put(b, "a", "22");
        store.deleteObject(b, "a", DeleteCondition.NONE);
        put(b, "b", "333");
        assertEquals(0, drift(b).recordedBytes() - (1 + 2 + 3));
        store.accounts().delete("shredded");
        assertTrue(store.findBucket("shredded-bucket").isEmpty());
    }

    private Bucket bucket(String account, String name, Versioning versioning) {
        AccountInfo a = store.accounts().create(NewAccount.named(account)).account();
        Bucket b = store.createBucket(a.id(), name, "us-east-1");
        if (versioning == null) {
            return b;
        }
        store.bucketSettings().setVersioning(b, versioning);
        return store.findBucket(name).orElseThrow();
    }

    private ObjectRecord put(Bucket b, String key, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return store.putObject(PutObject.of(b, key, new ByteArrayInputStream(bytes), bytes.length).build());
    }

    private String read(ObjectRecord r) throws IOException {
        if (r.size() == 0) {
            return "";
        }
        try (InputStream in = store.openObject(r, 0, r.size() - 1, null)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private UsageDrift drift(Bucket b) {
        AccountInfo a = store.accounts().findById(b.ownerId()).orElseThrow();
        return store.quotas().reconcile(a.id(), a.name());
    }

    /** The counters say {@code bytes} and {@code objects}, and reconciliation agrees. */
    private void assertUsage(Bucket b, long bytes, long objects) {
        AccountInfo a = store.accounts().findById(b.ownerId()).orElseThrow();
        assertEquals(bytes, a.usage().usedBytes(), "used bytes");
        assertEquals(objects, a.usage().objectCount(), "object count");
        UsageDrift drift = drift(b);
        assertEquals(drift.recordedBytes(), drift.actualBytes(), "reconciled bytes");
        assertEquals(drift.recordedObjects(), drift.actualObjects(), "reconciled objects");
    }
}
