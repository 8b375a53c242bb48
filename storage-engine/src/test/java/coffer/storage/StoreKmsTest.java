package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.CopyPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.testkit.EmbeddedMariaDb;
import coffer.storage.testkit.MutableClock;
import coffer.storage.testkit.Sql;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** SSE-KMS through the Store, on a real blob engine and master key: the V8 columns and the KMS layer. */
class StoreKmsTest {
    private static final ObjectEncryption KEY1 = ObjectEncryption.kms("testkey-1", false);
    private static final ObjectEncryption KEY2 = ObjectEncryption.kms("testkey-2", true);
    private static final DataSource DB = EmbeddedMariaDb.get().newDatabase("store_kms");
    private static final Store STORE = newStore();
    private final SecureRandom random = new SecureRandom();
    private final Bucket bucket;

    StoreKmsTest() {
        AccountInfo a = STORE.accounts().create(NewAccount.named("kms-" + System.nanoTime())).account();
        bucket = STORE.createBucket(a.id(), "kms-" + System.nanoTime(), "us-east-1");
    }

    private static Store newStore() {
        try {
            SecureRandom random = new SecureRandom();
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "blobs")), "kms");
            MasterKeyring keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
            Store store = Store.builder().database(DB)
                    .blobs(new LocalBlobEngine(dir.resolve("blobs"), keys, random)).sealer(keys)
                    .clock(new MutableClock(Instant.parse("2025-01-02T03:04:05Z"))).random(random)
                    .gcGrace(Duration.ofMinutes(15)).build();
            store.migrate();
            return store;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private ObjectRecord put(String key, byte[] body, ObjectEncryption encryption) throws IOException {
        return STORE.putObject(PutObject.of(bucket, key, new ByteArrayInputStream(body), body.length)
                .attributes(() -> ObjectAttributes.DEFAULT.withEncryption(encryption)).build());
    }

    private static byte[] read(ObjectRecord object) throws IOException {
        try (InputStream in = STORE.openObject(object, 0, object.size() - 1, null)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKmsObjectRemembersItsKeyAndReadsBack() throws Exception {
        byte[] body = bytes(100_000);
        put("k", body, KEY2);
        ObjectRecord found = STORE.findObject(bucket, "k").orElseThrow();
        assertEquals(KEY2, found.attributes().encryption());
        assertArrayEquals(body, read(found));
        put("plain", body, ObjectEncryption.SSE_S3);
        assertEquals(ObjectEncryption.SSE_S3, STORE.findObject(bucket, "plain").orElseThrow().attributes()
                .encryption());
    }

    @Test
    void aRowThatNamesAnotherKeyCannotBeRead() throws Exception {
        put("bound", bytes(10), KEY1);
        Sql.update(DB, "UPDATE object SET sse_kms_key_id = 'testkey-2' WHERE bucket_id = ?", bucket.id());
        ObjectRecord tampered = STORE.findObject(bucket, "bound").orElseThrow();
        assertThrows(BlobCorruptedException.class, () -> read(tampered));
        Sql.update(DB, "UPDATE object SET sse_kms_key_id = NULL WHERE bucket_id = ?", bucket.id());
        ObjectRecord stripped = STORE.findObject(bucket, "bound").orElseThrow();
        assertThrows(BlobCorruptedException.class, () -> read(stripped), "no way around the KMS layer");
    }

    @Test
    void copiesShareBlobsUnderTheSameKeyAndReencryptUnderAnother() throws Exception {
        byte[] body = bytes(5000);
        ObjectRecord src = put("src", body, KEY1);
        ObjectRecord same = STORE.copyObject(CopyObject.of(src, bucket, "same").metadata(ObjectMetadata.EMPTY)
                .acl("private").tags(Map.of()).encryption(ObjectEncryption.kms("testkey-1", true)).build());
        assertEquals(src.blob().id(), same.blob().id());
        assertTrue(STORE.findObject(bucket, "same").orElseThrow().attributes().encryption().bucketKeyEnabled());
        assertFalse(CopyObject.of(src, bucket, "same").encryption(ObjectEncryption.kms("testkey-1", true)).build()
                .reencrypts());
        assertTrue(CopyObject.of(src, bucket, "other").encryption(KEY2).build().reencrypts());
        ObjectRecord other = STORE.copyObject(CopyObject.of(src, bucket, "other").metadata(ObjectMetadata.EMPTY)
                .acl("private").tags(Map.of()).encryption(KEY2).build());
        assertNotEquals(src.blob().id(), other.blob().id());
        assertArrayEquals(body, read(STORE.findObject(bucket, "other").orElseThrow()));
        ObjectRecord plain = STORE.copyObject(CopyObject.of(src, bucket, "plain").metadata(ObjectMetadata.EMPTY)
                .acl("private").tags(Map.of()).encryption(ObjectEncryption.SSE_S3).build());
        assertArrayEquals(body, read(STORE.findObject(bucket, plain.key()).orElseThrow()));
    }

    @Test
    void aKmsUploadWrapsEveryPartAndItsObjectKeepsTheKey() throws Exception {
        int min = (int) MultipartUploads.MIN_PART_SIZE;
        Upload u = STORE.multipart().createMultipartUpload(NewUpload.of(bucket, "mp").encryption(KEY1).build());
        assertEquals(KEY1, STORE.multipart().findUpload(bucket, "mp", u.uploadId()).encryption());
        byte[] part1 = bytes(min);
        UploadPart p1 = STORE.multipart().uploadPart(PutPart.of(bucket, "mp", u.uploadId(), 1,
                new ByteArrayInputStream(part1), part1.length).build());
        // A plain source is copied into the KMS upload (re-wrapped, not shared); a same-key one is shared.
        byte[] part2 = bytes(1000);
        ObjectRecord plainSource = put("plain-src", part2, ObjectEncryption.SSE_S3);
        UploadPart p2 = STORE.multipart().uploadPartCopy(CopyPart.of(bucket, "mp", u.uploadId(), 2, plainSource, 0,
                part2.length - 1).build());
        assertNotEquals(plainSource.blob().id(), p2.blob().id());
        ObjectRecord done = STORE.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "mp", u.uploadId(),
                List.of(new CompletedPart(1, p1.etag(), null), new CompletedPart(2, p2.etag(), null))).build());
        assertEquals(KEY1, done.attributes().encryption());
        ObjectRecord found = STORE.findObject(bucket, "mp").orElseThrow();
        byte[] whole = read(found);
        assertArrayEquals(part1, java.util.Arrays.copyOf(whole, min));
        assertArrayEquals(part2, java.util.Arrays.copyOfRange(whole, min, whole.length));

        Upload u2 = STORE.multipart().createMultipartUpload(NewUpload.of(bucket, "mp2").encryption(KEY1).build());
        ObjectRecord keyed = put("kms-src", part2, KEY1);
        UploadPart shared = STORE.multipart().uploadPartCopy(CopyPart.of(bucket, "mp2", u2.uploadId(), 1, keyed, 0,
                part2.length - 1).build());
        assertEquals(keyed.blob().id(), shared.blob().id());
    }

    @Test
    void bucketDefaultEncryptionIsKeptAndGoesWithTheBucket() {
        BucketSettings settings = STORE.bucketSettings();
        assertEquals(Optional.empty(), settings.encryption(bucket));
        settings.putEncryption(bucket, new DefaultEncryption("aws:kms", null, true));
        assertEquals(Optional.of(new DefaultEncryption("aws:kms", null, true)), settings.encryption(bucket));
        settings.putEncryption(bucket, new DefaultEncryption("AES256", null, false));
        assertFalse(settings.encryption(bucket).orElseThrow().isKms());
        settings.deleteEncryption(bucket);
        assertEquals(Optional.empty(), settings.encryption(bucket));
        settings.putEncryption(bucket, new DefaultEncryption("aws:kms", "testkey-1", false));
        STORE.deleteBucket(bucket);
        assertEquals(0, Sql.count(DB, "SELECT COUNT(*) FROM bucket_encryption WHERE bucket_id = ?", bucket.id()));
    }

    @Test
    void keyIdsAreWellFormedPrintableAscii() {
        assertTrue(ObjectEncryption.isWellFormedKeyId("arn:aws:kms:us-east-1:123456789012:alias/aws/s3"));
        assertFalse(ObjectEncryption.isWellFormedKeyId(""));
        assertFalse(ObjectEncryption.isWellFormedKeyId("has space"));
        assertFalse(ObjectEncryption.isWellFormedKeyId("x".repeat(ObjectEncryption.MAX_KEY_ID_LENGTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> new DefaultEncryption("AES256", "k", false));
        assertThrows(IllegalArgumentException.class, () -> new DefaultEncryption("aws:kms:dsse", null, false));
    }
}
