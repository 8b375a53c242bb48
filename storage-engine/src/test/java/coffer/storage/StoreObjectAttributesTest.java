package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The V5 columns: stored checksums (object, upload part, manifest), canned object ACLs and tags. */
class StoreObjectAttributesTest {
    private static final StoreFixture F = new StoreFixture("store_attributes");
    private static final int MIN = (int) MultipartUploads.MIN_PART_SIZE;
    private final Store store = F.store;
    private final Bucket bucket;

    StoreObjectAttributesTest() {
        AccountInfo a = store.accounts().create(NewAccount.named("attr-" + System.nanoTime())).account();
        bucket = store.createBucket(a.id(), "attr-" + System.nanoTime(), "us-east-1");
    }

    @Test
    void putStoresChecksumAclAndTags() throws Exception {
        ObjectChecksum sum = new ObjectChecksum("CRC32C", ObjectChecksum.FULL_OBJECT, "yZRlqg==");
        Map<String, String> tags = Map.of("b k", "v/2", "a", "", "ü", "é");
        ObjectRecord put = store.putObject(PutObject.of(bucket, "k", new ByteArrayInputStream(new byte[3]), 3)
                .attributes(() -> new ObjectAttributes(sum, ObjectAttributes.PUBLIC_READ, tags)).build());
        ObjectRecord read = store.findObject(bucket, "k").orElseThrow();
        assertEquals(put, read);
        assertEquals(sum, read.attributes().checksum());
        assertEquals(ObjectAttributes.PUBLIC_READ, read.attributes().acl());
        assertEquals(tags, read.attributes().tags());
        assertEquals(List.of("a", "b k", "ü"), List.copyOf(read.attributes().tags().keySet()));
    }

    @Test
    void defaultsAreNoChecksumPrivateNoTags() throws Exception {
        store.putObject(PutObject.of(bucket, "plain", new ByteArrayInputStream(new byte[1]), 1).build());
        ObjectAttributes a = store.findObject(bucket, "plain").orElseThrow().attributes();
        assertNull(a.checksum());
        assertEquals("private", a.acl());
        assertTrue(a.tags().isEmpty());
    }

    @Test
    void aclAndTagsChangeInPlaceAndMissingKeysAreNoSuchKey() throws Exception {
        store.putObject(PutObject.of(bucket, "x", new ByteArrayInputStream(new byte[1]), 1).build());
        store.setObjectAcl(bucket, "x", "public-read");
        store.setObjectTags(bucket, "x", Map.of("t", "1"));
        ObjectRecord r = store.findObject(bucket, "x").orElseThrow();
        assertEquals("public-read", r.attributes().acl());
        assertEquals(Map.of("t", "1"), r.attributes().tags());
        store.setObjectAcl(bucket, "x", "public-read"); // unchanged value still finds the row
        store.setObjectTags(bucket, "x", Map.of());
        assertTrue(store.findObject(bucket, "x").orElseThrow().attributes().tags().isEmpty());
        assertEquals(Reason.NO_SUCH_KEY,
                assertThrows(StoreException.class, () -> store.setObjectAcl(bucket, "nope", "private")).reason());
        assertEquals(Reason.NO_SUCH_KEY,
                assertThrows(StoreException.class, () -> store.setObjectTags(bucket, "nope", Map.of())).reason());
    }

    @Test
    void aclsAreOpaqueAsciiOfUpToTheColumnWidth() throws Exception {
        store.putObject(PutObject.of(bucket, "long-acl", new ByteArrayInputStream(new byte[1]), 1).build());
        String longest = "g".repeat(ObjectAttributes.MAX_ACL_LENGTH);
        store.setObjectAcl(bucket, "long-acl", longest);
        assertEquals(longest, store.findObject(bucket, "long-acl").orElseThrow().attributes().acl());
        store.bucketSettings().setAcl(bucket, longest);
        assertEquals(longest, store.bucketSettings().acl(bucket));
        store.bucketSettings().setAcl(bucket, "private");
        assertThrows(IllegalArgumentException.class, () -> store.setObjectAcl(bucket, "long-acl", longest + "g"));
        assertThrows(IllegalArgumentException.class, () -> store.setObjectAcl(bucket, "long-acl", ""));
        assertThrows(IllegalArgumentException.class, () -> store.setObjectAcl(bucket, "long-acl", "caf\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> store.bucketSettings().setAcl(bucket, "a\nb"));
    }

    @Test
    void copyKeepsTheChecksumAndTakesAclAndTags() throws Exception {
        ObjectChecksum sum = new ObjectChecksum("SHA256", ObjectChecksum.FULL_OBJECT, "x".repeat(44));
        ObjectRecord src = store.putObject(PutObject.of(bucket, "src", new ByteArrayInputStream(new byte[2]), 2)
                .attributes(() -> new ObjectAttributes(sum, "public-read", Map.of("s", "1"))).build());
        ObjectRecord copy = store.copyObject(CopyObject.of(src, bucket, "dst").metadata(ObjectMetadata.EMPTY)
                .acl("private").tags(Map.of("d", "2")).build());
        ObjectRecord read = store.findObject(bucket, "dst").orElseThrow();
        assertEquals(copy, read);
        assertEquals(sum, read.attributes().checksum());
        assertEquals("private", read.attributes().acl());
        assertEquals(Map.of("d", "2"), read.attributes().tags());
    }

    @Test
    void multipartKeepsSettingsPartChecksumsAndTheCombinedChecksum() throws Exception {
        Upload u = store.multipart().createMultipartUpload(NewUpload.of(bucket, "mp").checksum("CRC32", "COMPOSITE")
                .acl("public-read").tags(Map.of("k", "v")).build());
        Upload found = store.multipart().findUpload(bucket, "mp", u.uploadId());
        assertEquals("CRC32", found.checksumAlgorithm());
        assertEquals("COMPOSITE", found.checksumType());
        assertEquals("public-read", found.acl());
        assertEquals(Map.of("k", "v"), found.tags());

        UploadPart p1 = store.multipart().uploadPart(PutPart.of(bucket, "mp", u.uploadId(), 1,
                new ByteArrayInputStream(new byte[MIN]), MIN).checksum(() -> "AAAAAQ==").build());
        UploadPart p2 = store.multipart().uploadPart(PutPart.of(bucket, "mp", u.uploadId(), 2,
                new ByteArrayInputStream(new byte[5]), 5).checksum(() -> "AAAAAg==").build());
        PartsPage page = store.multipart().listParts(bucket, "mp", u.uploadId(), 0, 10);
        assertEquals(List.of("AAAAAQ==", "AAAAAg=="), page.parts().stream().map(UploadPart::checksum).toList());

        // A listed checksum that differs from the stored one is InvalidPart, and the upload stays open.
        assertEquals(Reason.INVALID_PART, assertThrows(StoreException.class,
                () -> store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "mp", u.uploadId(),
                List.of(new CompletedPart(1, p1.etag(), "AAAAAA=="),
                        new CompletedPart(2, p2.etag()))).combiner((up, parts) -> Optional.empty()).build()))
                .reason());

        ObjectRecord done = store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "mp", u.uploadId(),
                List.of(new CompletedPart(1, p1.etag(), "AAAAAQ=="), new CompletedPart(2, p2.etag())))
                .combiner((up, parts) -> Optional.of(new ObjectChecksum(up.checksumAlgorithm(),
                        up.checksumType(), parts.size() + ":" + parts.get(0).checksum()))).build());
        ObjectRecord read = store.findObject(bucket, "mp").orElseThrow();
        assertEquals(done, read);
        assertEquals(new ObjectChecksum("CRC32", "COMPOSITE", "2:AAAAAQ=="), read.attributes().checksum());
        assertEquals(List.of("AAAAAQ==", "AAAAAg=="), read.attributes().partChecksums());
        assertEquals("public-read", read.attributes().acl());
        assertEquals(Map.of("k", "v"), read.attributes().tags());
    }
}
