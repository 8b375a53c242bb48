package coffer.storage;

import coffer.storage.blob.StoredBlob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One published object: its catalog row. {@code etag} is lower-case hex without quotes: the plaintext MD5 for a
 * single-blob object, {@code md5(concat(part md5s))-N} for a multipart one; {@code lastModified} has millisecond
 * precision.
 *
 * <p>{@code partCount} is 0 for an object stored as one blob ({@code blobs} then holds exactly that blob) and N
 * for a completed multipart upload ({@code blobs} then holds its N parts in order, or nothing when the record comes
 * from a listing, which does not load manifests). Blobs may be shared with other rows (CopyObject).
 * {@code attributes} holds the stored checksum, canned ACL and tags. {@code versionId} is the version's id, null for
 * the {@code null} version (docs/versioning.md).
 */
public record ObjectRecord(long bucketId, String key, long size, String etag, Instant lastModified,
                           ObjectMetadata metadata, List<StoredBlob> blobs, int partCount,
                           ObjectAttributes attributes, String versionId) {
    public ObjectRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(attributes, "attributes");
        blobs = List.copyOf(blobs);
        if (partCount < 0 || (partCount == 0 && blobs.size() != 1)
                || (partCount > 0 && !blobs.isEmpty() && blobs.size() != partCount)) {
            throw new IllegalArgumentException("blobs do not match the part count");
        }
    }

    /** The {@code null} version. */
    public ObjectRecord(long bucketId, String key, long size, String etag, Instant lastModified,
                        ObjectMetadata metadata, List<StoredBlob> blobs, int partCount, ObjectAttributes attributes) {
        this(bucketId, key, size, etag, lastModified, metadata, blobs, partCount, attributes, null);
    }

    /** An object with the default attributes (no checksum, private, no tags). */
    public ObjectRecord(long bucketId, String key, long size, String etag, Instant lastModified,
                        ObjectMetadata metadata, List<StoredBlob> blobs, int partCount) {
        this(bucketId, key, size, etag, lastModified, metadata, blobs, partCount, ObjectAttributes.DEFAULT);
    }

    /** A single-blob object. */
    public ObjectRecord(long bucketId, String key, long size, String etag, Instant lastModified,
                        ObjectMetadata metadata, StoredBlob blob) {
        this(bucketId, key, size, etag, lastModified, metadata, List.of(blob), 0);
    }

    public boolean isMultipart() {
        return partCount > 0;
    }

    /** The one blob of a single-blob object. */
    public StoredBlob blob() {
        if (isMultipart()) {
            throw new IllegalStateException("a multipart object has no single blob");
        }
        return blobs.get(0);
    }

    public ObjectRecord withAttributes(ObjectAttributes newAttributes) {
        return new ObjectRecord(bucketId, key, size, etag, lastModified, metadata, blobs, partCount, newAttributes,
                versionId);
    }

    /** This object as version {@code id} (null: the {@code null} version) written at {@code time}. */
    public ObjectRecord asVersion(String id, Instant time) {
        return new ObjectRecord(bucketId, key, size, etag, time, metadata, blobs, partCount, attributes, id);
    }

    /** The version id as S3 shows it: {@code null} for the null version. */
    public String wireVersionId() {
        return versionId == null ? ObjectVersion.NULL_ID : versionId;
    }
}
