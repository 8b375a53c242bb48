package coffer.storage;

import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.multipart.MultipartStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the S3 layer asks of the storage engine: buckets and their settings, objects, and multipart uploads.
 * {@link Store} is the engine's implementation; the S3 layer's handlers depend on this interface only, so that
 * they can be tested against an in-memory one. Failures are {@link StoreException}s (their reasons are listed per
 * method), {@link CustomerKeyException}s and the I/O failures of the body stream. Implementations are thread-safe.
 */
public interface ObjectStorage {
    // --- buckets

    /** BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_ALREADY_EXISTS, NO_SUCH_ACCOUNT. */
    Bucket createBucket(long accountId, String name, String region);

    /**
     * As above; with {@code objectLock} the bucket has object lock enabled, and so versioning (docs/object-lock.md).
     * Implementations without object lock support only {@code false}.
     */
    default Bucket createBucket(long accountId, String name, String region, boolean objectLock) {
        if (objectLock) {
            throw new UnsupportedOperationException("object lock is not supported here");
        }
        return createBucket(accountId, name, region);
    }

    Optional<Bucket> findBucket(String name);

    /** The account's buckets, ordered by name. */
    List<Bucket> listBuckets(long accountId);

    /** Counted on demand: for occasional reports, never per request. */
    BucketContents bucketContents(Bucket bucket);

    /** BUCKET_NOT_EMPTY if any object remains, NO_SUCH_BUCKET if it is already gone. */
    void deleteBucket(Bucket bucket);

    /** The buckets' ACLs, CORS configurations, default encryption and documents. */
    BucketSettings bucketSettings();

    /** Object lock: retention, legal holds, and deletes that bypass GOVERNANCE retention. */
    default ObjectLocks objectLocks() {
        throw new UnsupportedOperationException("object lock is not supported here");
    }

    // --- objects

    /** PutObject: see {@link PutObject} and {@link Store#putObject}. */
    ObjectRecord putObject(PutObject put) throws IOException;

    /** CopyObject: see {@link CopyObject} and {@link Store#copyObject}. */
    ObjectRecord copyObject(CopyObject copy) throws IOException;

    Optional<ObjectRecord> findObject(Bucket bucket, String key);

    /** Plaintext bytes {@code first..last} (inclusive), with the object's customer key (null for none). */
    InputStream openObject(ObjectRecord object, long first, long last, CustomerKey customerKey) throws IOException;

    /** {@link CustomerKeyException} when {@code customerKey} (null for none) does not fit the object. */
    void checkCustomerKey(ObjectRecord object, CustomerKey customerKey) throws IOException;

    /** The current object's ACL; NO_SUCH_KEY; keeps Last-Modified. */
    default void setObjectAcl(Bucket bucket, String key, String acl) {
        setObjectAcl(bucket, key, null, acl);
    }

    /** The ACL of version {@code versionId} ({@code "null"}: the null version; null: the current one); NO_SUCH_KEY. */
    void setObjectAcl(Bucket bucket, String key, String versionId, String acl);

    /** Replaces the current object's tags (empty: removes them); NO_SUCH_KEY. */
    default void setObjectTags(Bucket bucket, String key, Map<String, String> tags) {
        setObjectTags(bucket, key, null, tags);
    }

    /** Replaces the tags of version {@code versionId} (null: the current one); NO_SUCH_KEY. */
    void setObjectTags(Bucket bucket, String key, String versionId, Map<String, String> tags);

    /**
     * Removes the object if {@code condition} holds (PRECONDITION_FAILED otherwise); a missing key is no error. In a
     * versioned bucket the object is kept as a noncurrent version and a delete marker is made
     * (docs/versioning.md).
     */
    DeleteOutcome deleteObject(Bucket bucket, String key, DeleteCondition condition);

    /** Removes one version ({@code "null"}: the null version) for good; a missing version is no error. */
    DeleteOutcome deleteVersion(Bucket bucket, String key, String versionId, DeleteCondition condition);

    /**
     * Version {@code versionId} of the key ({@code "null"}: the null version), or its latest version, a delete
     * marker too, when {@code versionId} is null. {@code versionId} must be well-formed
     * ({@link ObjectVersion#isWellFormedId}).
     */
    Optional<ObjectVersion> findVersion(Bucket bucket, String key, String versionId);

    /** One page of keys in UTF-8 byte order, {@code startAfter} exclusive. */
    ListPage listObjects(Bucket bucket, String prefix, String delimiter, String startAfter, int maxKeys);

    /** ListObjectVersions: one page of versions and delete markers, newest first per key. */
    VersionPage listVersions(Bucket bucket, String prefix, String delimiter, String keyMarker, String versionIdMarker,
                             int maxKeys);

    // --- multipart

    MultipartStorage multipart();
}
