package coffer.storage.internal.catalog;

import coffer.storage.blob.BlobKind;
import coffer.storage.blob.StoredBlob;
import java.util.Objects;

/**
 * A catalog row that names a blob, as {@link IntegrityCatalog} walks them: a single-blob object, one part of a
 * completed multipart object, or one part of an open upload. {@code uploadId} is set only for the last kind;
 * {@code partNumber} is 0 for a single-blob object. {@code kmsKeyId} is the SSE-KMS key id of the row's object or
 * upload (V8), under which the blob's wrapped key is wrapped once more, or null. Its toString names no key material
 * ({@link StoredBlob}'s hides the wrapped key).
 */
public record BlobRow(BlobKind kind, long bucketId, String bucket, String key, String uploadId, int partNumber,
                      StoredBlob blob, String kmsKeyId, String versionId) {
    public BlobRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(blob, "blob");
    }

    /** A row that is no stored version ({@code versionId}: a stored version's order key, docs/versioning.md). */
    public BlobRow(BlobKind kind, long bucketId, String bucket, String key, String uploadId, int partNumber,
                   StoredBlob blob, String kmsKeyId) {
        this(kind, bucketId, bucket, key, uploadId, partNumber, blob, kmsKeyId, null);
    }

    /** A row without a KMS layer. */
    public BlobRow(BlobKind kind, long bucketId, String bucket, String key, String uploadId, int partNumber,
                   StoredBlob blob) {
        this(kind, bucketId, bucket, key, uploadId, partNumber, blob, null);
    }
}
