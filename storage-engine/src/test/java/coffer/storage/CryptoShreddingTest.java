package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.StoredBlob;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.testkit.KeyringStoreFixture;
import coffer.storage.testkit.Sql;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Deleting an object makes its data key unrecoverable at once": once a delete or an overwrite commits, no column
 * of any table of the real catalog holds the removed row's wrapped data key (raw, hex or base64), while the GC
 * queue still names the blob so that its file can be freed. A blob shared by a copy keeps working through the
 * copy's own row until the last row naming it goes.
 */
class CryptoShreddingTest {
    private static final KeyringStoreFixture F = KeyringStoreFixture.create("crypto_shredding");
    private final KeyringStoreFixture f = F;
    private final AccountInfo account = f.store.accounts().create(NewAccount.named("shred-" + System.nanoTime())).account();
    private final Bucket bucket = f.store.createBucket(account.id(), "shred-" + System.nanoTime(), "us-east-1");

    @Test
    void deleteAndOverwriteLeaveNoCopyOfTheWrappedKeyAnywhere() throws Exception {
        StoredBlob deleted = f.put(bucket, "deleted", f.randomBytes(100)).blob();
        StoredBlob overwritten = f.put(bucket, "overwritten", f.randomBytes(100)).blob();
        f.put(bucket, "overwritten", f.randomBytes(50));
        f.store.deleteObject(bucket, "deleted", DeleteCondition.NONE);

        for (StoredBlob gone : List.of(deleted, overwritten)) {
            assertEquals(List.of(), tablesHolding(gone.wrappedKey()), gone.toString());
            assertEquals(1, Sql.count(f.db, "SELECT COUNT(*) FROM gc_queue WHERE blob_id = ?", gone.id().value()),
                    "the collector can still free the file by its id");
        }
        assertTrue(f.blobFileExists(deleted.id()));
        f.store.collectGarbage(100, Instant.parse("2100-01-01T00:00:00Z"));
        assertFalse(f.blobFileExists(deleted.id()));
        assertFalse(f.blobFileExists(overwritten.id()));
    }

    @Test
    void aSharedBlobStaysReadableThroughItsLastRowAndIsShreddedWithIt() throws Exception {
        byte[] data = f.randomBytes(1000);
        ObjectRecord source = f.put(bucket, "source", data);
        f.store.copyObject(CopyObject.of(source, bucket, "copy").metadata(ObjectMetadata.EMPTY).build());
        byte[] wrapped = source.blob().wrappedKey();
        // A copy shares the blob and carries the very same wrapped key in its own row.
        assertEquals(List.of("object.wrapped_key x2"), tablesHolding(wrapped));

        f.store.deleteObject(bucket, "source", DeleteCondition.NONE);
        assertEquals(List.of("object.wrapped_key x1"), tablesHolding(wrapped));
        assertArrayEquals(data, f.read(bucket, "copy"));

        f.store.deleteObject(bucket, "copy", DeleteCondition.NONE);
        assertEquals(List.of(), tablesHolding(wrapped));
    }

    @Test
    void aMultipartObjectAndAnAbortedUploadLeaveNoPartKeys() throws Exception {
        byte[] p1 = f.randomBytes((int) MultipartUploads.MIN_PART_SIZE);
        Upload u = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, "mp").build());
        UploadPart one = f.store.multipart().uploadPart(PutPart.of(bucket, "mp", u.uploadId(), 1,
                new ByteArrayInputStream(p1), p1.length).build());
        UploadPart two = f.store.multipart().uploadPart(PutPart.of(bucket, "mp", u.uploadId(), 2,
                new ByteArrayInputStream(new byte[] {7}), 1).build());
        f.store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, "mp", u.uploadId(),
                List.of(new CompletedPart(1, one.etag()), new CompletedPart(2, two.etag()))).build());
        Upload aborted = f.store.multipart().createMultipartUpload(NewUpload.of(bucket, "ab").build());
        UploadPart lost = f.store.multipart().uploadPart(PutPart.of(bucket, "ab", aborted.uploadId(), 1,
                new ByteArrayInputStream(new byte[] {1, 2}), 2).build());
        assertEquals(List.of("object_part.wrapped_key x1"), tablesHolding(one.blob().wrappedKey()));

        f.store.deleteObject(bucket, "mp", DeleteCondition.NONE);
        f.store.multipart().abortMultipartUpload(bucket, "ab", aborted.uploadId());
        for (UploadPart p : List.of(one, two, lost)) {
            assertEquals(List.of(), tablesHolding(p.blob().wrappedKey()));
        }
    }

    /**
     * Every column of every table of the catalog that holds {@code value} as raw bytes, lower- or upper-case hex,
     * or base64, as "table.column xN".
     */
    private List<String> tablesHolding(byte[] value) throws SQLException {
        List<byte[]> forms = List.of(value, HexFormat.of().formatHex(value).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(value).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encode(value), Base64.getUrlEncoder().withoutPadding().encode(value));
        List<String> found = new ArrayList<>();
        try (Connection c = f.db.getConnection();
             PreparedStatement columns = c.prepareStatement("SELECT table_name, column_name"
                     + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                     + " ORDER BY table_name, column_name");
             ResultSet rs = columns.executeQuery()) {
            while (rs.next()) {
                String table = rs.getString(1);
                String column = rs.getString(2);
                long hits = 0;
                for (byte[] form : forms) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM `" + table + "` WHERE"
                            + " LOCATE(?, CAST(`" + column + "` AS BINARY)) > 0")) {
                        ps.setBytes(1, form);
                        try (ResultSet hit = ps.executeQuery()) {
                            hit.next();
                            hits += hit.getLong(1);
                        }
                    }
                }
                if (hits > 0) {
                    found.add(table + "." + column + " x" + hits);
                }
            }
        }
        assertTrue(Sql.count(f.db, "SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE()") >= 10, "the search saw the whole catalog");
        return found;
    }
}
