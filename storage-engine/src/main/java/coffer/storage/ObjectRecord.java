package coffer.storage;

import coffer.storage.blob.StoredBlob;
import java.time.Instant;
import java.util.Objects;

/**
 * One published object: its catalog row. {@code etag} is lower-case hex without quotes (the plaintext MD5 for a
 * single-part object); {@code lastModified} has millisecond precision.
 */
public record ObjectRecord(long bucketId, String key, long size, String etag, Instant lastModified,
                           ObjectMetadata metadata, StoredBlob blob) {
    public ObjectRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(blob, "blob");
    }
}
