package coffer.storage.integrity;

import coffer.storage.blob.BlobId;
import coffer.storage.blob.BlobKind;
import coffer.storage.internal.catalog.BlobRow;
import java.util.Objects;

/**
 * Data loss: a catalog row whose blob the store does not have. {@code uploadId} is set for a part of an open
 * upload; {@code partNumber} is 0 for a single-blob object.
 */
public record LostBlob(BlobKind kind, String bucket, String key, String uploadId, int partNumber, BlobId blobId) {
    public LostBlob {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(blobId, "blobId");
    }

    static LostBlob of(BlobRow row) {
        return new LostBlob(row.kind(), row.bucket(), row.key(), row.uploadId(), row.partNumber(), row.blob().id());
    }
}
