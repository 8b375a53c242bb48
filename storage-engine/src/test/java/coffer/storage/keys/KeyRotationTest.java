package coffer.storage.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.CustomerKey;
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
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Master key rotation against the real MariaDB, the real keyring and the real blob engine: re-wrap, status,
 * destroy, and a restart that no longer has the destroyed version.
 */
class KeyRotationTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final KeyringStoreFixture f = KeyringStoreFixture.create("key_rotation_" + DATABASES.incrementAndGet());
    /** A small batch, so that every table is paged through several times. */
    private final KeyRotation rotation = new KeyRotation(f.db, f.keys, f.clock, 3);
    private final AccountInfo account = f.store.accounts().create(NewAccount.named("rot-" + System.nanoTime())).account();
    private final Bucket bucket = f.store.createBucket(account.id(), "rot-" + System.nanoTime(), "us-east-1");

    @Test
    void everythingWrittenUnderVersion1ReadsBackAfterRotationAndAfterVersion1IsDestroyed() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            objects.put("small-" + i, f.randomBytes(100 + i));
        }
        objects.put("empty", new byte[0]);
        objects.put("segments", f.randomBytes(3 * 65536 + 5));
        objects.forEach((k, v) -> put(k, v));
        byte[] part1 = f.randomBytes((int) MultipartUploads.MIN_PART_SIZE);
        byte[] part2 = f.randomBytes(1000);
        objects.put("multipart", concat(part1, part2));
        multipart("multipart", part1, part2);
        f.store.copyObject(CopyObject.of(f.store.findObject(bucket, "small-0").orElseThrow(), bucket,
                "copy-of-small-0").metadata(ObjectMetadata.EMPTY).build());
        objects.put("copy-of-small-0", objects.get("small-0"));
        CustomerKey customer = new CustomerKey(f.randomBytes(32));
        byte[] sseC = f.randomBytes(70_000);
        f.store.putObject(PutObject.of(bucket, "sse-c", new ByteArrayInputStream(sseC), sseC.length)
                .attributes(() -> coffer.storage.ObjectAttributes.DEFAULT).customerKey(customer).build());
        Upload open = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, "open").build());
        byte[] openPart = f.randomBytes(5000);
        UploadPart stored = f.store.multipart().uploadPart(PutPart.of(bucket, "open", open.uploadId(), 1,
                new ByteArrayInputStream(openPart), openPart.length).build());
        AccessKeyPair key = f.store.accounts().createKey(account.name());
        assertTrue(rotation.status().versions().stream().allMatch(v -> v.version() == 1));

        assertEquals(2, rotation.rotate());
        // New writes use version 2 at once, before the re-wrap has done anything.
        assertEquals(2, put("after-rotation", new byte[] {1, 2, 3}).blob().keyVersion());
        objects.put("after-rotation", new byte[] {1, 2, 3});
        awaitJob();

        KeyStatus status = rotation.status();
        assertEquals(2, status.currentVersion());
        assertEquals(0, usage(status, 1).total(), usage(status, 1).toString());
        assertTrue(status.rewrap().rewrapped() > 0);
        assertEquals(0, status.rewrap().failed());
        assertNull(status.rewrap().error());
        assertEquals(0, Sql.count(f.db, "SELECT COUNT(*) FROM object WHERE key_version = 1"));
        assertEquals(0, Sql.count(f.db, "SELECT COUNT(*) FROM object_part WHERE key_version <> 2"));
        assertEquals(0, Sql.count(f.db, "SELECT COUNT(*) FROM upload_part WHERE key_version <> 2"));

        rotation.destroy(1);
        assertFalse(Files.exists(f.keyDir.resolve("master-1.key")));
        assertEquals(List.of(2), List.copyOf(f.keys.versions()));

        KeyringStoreFixture restarted = f.restart();
        assertEquals(List.of(2), List.copyOf(restarted.keys.versions()));
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            assertArrayEquals(e.getValue(), restarted.read(bucket, e.getKey()), e.getKey());
        }
        ObjectRecord encrypted = restarted.store.findObject(bucket, "sse-c").orElseThrow();
        try (InputStream in = restarted.store.openObject(encrypted, 0, sseC.length - 1, customer)) {
            assertArrayEquals(sseC, in.readAllBytes());
        }
        assertEquals(key.secretKey(),
                restarted.store.accounts().findSigningKey(key.accessKeyId()).orElseThrow().key().secretKey());
        restarted.store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "open", open.uploadId(),
                List.of(new CompletedPart(1, stored.etag()))).build());
        assertArrayEquals(openPart, restarted.read(bucket, "open"));
    }

    @Test
    void destroyRefusesTheCurrentVersionUnknownVersionsAndVersionsStillInUse() throws Exception {
        put("a", new byte[] {1});
        put("b", new byte[] {2});
        // Rotate the keyring alone: nothing re-wraps.
        f.keys.rotate();
        KeyRotationException inUse = assertThrows(KeyRotationException.class, () -> rotation.destroy(1));
        assertEquals(KeyRotationException.Problem.VERSION_IN_USE, inUse.problem());
        // Two objects and the account's access key (made with the account).
        assertEquals(3, inUse.rows());
        assertTrue(Files.exists(f.keyDir.resolve("master-1.key")));
        assertEquals(KeyRotationException.Problem.CURRENT_VERSION,
                assertThrows(KeyRotationException.class, () -> rotation.destroy(2)).problem());
        assertEquals(KeyRotationException.Problem.NO_SUCH_VERSION,
                assertThrows(KeyRotationException.class, () -> rotation.destroy(7)).problem());

        VersionUsage v1 = usage(rotation.status(), 1);
        assertEquals(Map.of("object.wrapped_key", 2L, "access_key.secret_sealed", 1L), v1.rows());
        assertTrue(v1.loaded());
        assertFalse(v1.current());

        RewrapJob run = rotation.rewrapNow();
        assertEquals(3, run.rewrapped());
        rotation.destroy(1);
        assertArrayEquals(new byte[] {1}, f.read(bucket, "a"));
        assertEquals(KeyRotationException.Problem.NO_SUCH_VERSION,
                assertThrows(KeyRotationException.class, () -> rotation.destroy(1)).problem());
    }

    @Test
    void anSseCUploadKeyCheckHoldsItsVersionUntilTheNextPartRenewsIt() throws Exception {
        CustomerKey customer = new CustomerKey(f.randomBytes(32));
        Upload upload = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, "ssec-mp").customerKey(customer)
                .build());
        byte[] p1 = f.randomBytes((int) MultipartUploads.MIN_PART_SIZE);
        UploadPart first = f.store.multipart().uploadPart(PutPart.of(bucket, "ssec-mp", upload.uploadId(), 1,
                new ByteArrayInputStream(p1), p1.length).customerKey(customer).build());
        rotation.rotate();
        awaitJob();
        // The part's wrapped key moved; the upload's HMAC check cannot be re-made without the customer key.
        assertEquals(Map.of("upload.sse_c_key_check", 1L), usage(rotation.status(), 1).rows());
        assertEquals(KeyRotationException.Problem.VERSION_IN_USE,
                assertThrows(KeyRotationException.class, () -> rotation.destroy(1)).problem());

        byte[] p2 = f.randomBytes(10);
        UploadPart second = f.store.multipart().uploadPart(PutPart.of(bucket, "ssec-mp", upload.uploadId(), 2,
                new ByteArrayInputStream(p2), p2.length).customerKey(customer).build());
        assertEquals(0, usage(rotation.status(), 1).total());
        rotation.destroy(1);

        KeyringStoreFixture restarted = f.restart();
        ObjectRecord done = restarted.store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "ssec-mp",
                upload.uploadId(), List.of(new CompletedPart(1, first.etag()), new CompletedPart(2, second.etag())))
                .build());
        try (InputStream in = restarted.store.openObject(done, 0, done.size() - 1, customer)) {
            assertArrayEquals(concat(p1, p2), in.readAllBytes());
        }
    }

    private ObjectRecord put(String key, byte[] data) {
        try {
            return f.put(bucket, key, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void multipart(String key, byte[]... parts) throws IOException {
        Upload u = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, key).build());
        List<CompletedPart> done = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            UploadPart p = f.store.multipart().uploadPart(PutPart.of(bucket, key, u.uploadId(), i + 1,
                    new ByteArrayInputStream(parts[i]), parts[i].length).build());
            done.add(new CompletedPart(i + 1, p.etag()));
        }
        f.store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, key, u.uploadId(), done).build());
    }

    private void awaitJob() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (rotation.job().running()) {
            assertTrue(System.nanoTime() < deadline, "the re-wrap job did not finish");
            Thread.sleep(20);
        }
    }

    static VersionUsage usage(KeyStatus status, int version) {
        return status.versions().stream().filter(v -> v.version() == version).findFirst()
                .orElse(new VersionUsage(version, false, false, Map.of()));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
