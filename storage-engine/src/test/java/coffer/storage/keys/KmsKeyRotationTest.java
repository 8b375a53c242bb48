package coffer.storage.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.storage.Bucket;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.testkit.KeyringStoreFixture;
import coffer.storage.testkit.Sql;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Master key rotation of SSE-KMS values (V8): both layers of every wrapped data key move to the new version, so the
 * old one can be destroyed and everything still reads after a restart.
 */
class KmsKeyRotationTest {
    private static final ObjectEncryption KMS = ObjectEncryption.kms("testkey-1", false);

    private final KeyringStoreFixture f = KeyringStoreFixture.create("kms_key_rotation");
    private final KeyRotation rotation = new KeyRotation(f.db, f.keys, f.clock, 2);
    private final AccountInfo account = f.store.accounts().create(NewAccount.named("kmsrot-" + System.nanoTime())).account();
    private final Bucket bucket = f.store.createBucket(account.id(), "kmsrot-" + System.nanoTime(), "us-east-1");

    @Test
    void kmsObjectsPartsAndUploadsAreRewrappedAndReadAfterTheOldVersionIsGone() throws Exception {
        byte[] single = f.randomBytes(70_000);
        f.store.putObject(PutObject.of(bucket, "single", new ByteArrayInputStream(single), single.length)
                .attributes(() -> ObjectAttributes.DEFAULT.withEncryption(KMS)).build());
        byte[] p1 = f.randomBytes((int) MultipartUploads.MIN_PART_SIZE);
        byte[] p2 = f.randomBytes(10);
        Upload done = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, "mp").encryption(KMS).build());
        UploadPart d1 = part(done, 1, p1);
        UploadPart d2 = part(done, 2, p2);
        f.store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "mp", done.uploadId(),
                List.of(new CompletedPart(1, d1.etag()), new CompletedPart(2, d2.etag()))).build());
        Upload open = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, "open").acl("private")
                .tags(Map.of()).encryption(KMS).build());
        UploadPart o1 = part(open, 1, p2);

        assertEquals(2, rotation.rotate());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (rotation.job().running() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, rotation.status().rewrap().failed());
        assertEquals(0, KeyRotationTest.usage(rotation.status(), 1).total());
        assertEquals(0, Sql.count(f.db, "SELECT COUNT(*) FROM object_part WHERE key_version <> 2"));
        rotation.destroy(1);

        KeyringStoreFixture restarted = f.restart();
        assertArrayEquals(single, read(restarted, "single"));
        byte[] whole = read(restarted, "mp");
        assertArrayEquals(p1, java.util.Arrays.copyOf(whole, p1.length));
        restarted.store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "open", open.uploadId(),
                List.of(new CompletedPart(1, o1.etag()))).build());
        assertArrayEquals(p2, read(restarted, "open"));
    }

    private UploadPart part(Upload upload, int number, byte[] data) throws IOException {
        return f.store.multipart().uploadPart(PutPart.of(bucket, upload.key(), upload.uploadId(), number,
                new ByteArrayInputStream(data), data.length).build());
    }

    private byte[] read(KeyringStoreFixture fixture, String key) throws IOException {
        ObjectRecord o = fixture.store.findObject(bucket, key).orElseThrow();
        try (InputStream in = fixture.store.openObject(o, 0, o.size() - 1, null)) {
            return in.readAllBytes();
        }
    }
}
