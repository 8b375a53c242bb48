package coffer.storage;

import coffer.storage.lifecycle.LifecycleConfiguration;
import java.util.Optional;

/**
 * A bucket's settings: its access control list, its CORS configuration, its default encryption and the
 * configuration documents the S3 layer keeps. The S3 layer validates and renders them; this only keeps them.
 * Reached through {@link ObjectStorage#bucketSettings()}. Implementations are thread-safe.
 */
public interface BucketSettings {
    /** The ACL in the S3 layer's encoding ({@code private} for a bucket that never had another one). */
    String acl(Bucket bucket);

    /** {@code acl}: see {@link ObjectAttributes#requireValidAcl}. NO_SUCH_BUCKET. */
    void setAcl(Bucket bucket, String acl);

    /** The bucket's CORS configuration document, if it has one. */
    Optional<String> cors(Bucket bucket);

    void putCors(Bucket bucket, String configuration);

    void deleteCors(Bucket bucket);

    /**
     * The bucket's configuration document of {@code kind} (a short ASCII name the S3 layer chooses, such as
     * {@code ownership} or {@code tagging}), if it has one. The document is kept as given, never interpreted.
     */
    Optional<String> document(Bucket bucket, String kind);

    /**
     * As {@link #document}, possibly as it was up to the lookup time-to-live ago when another gateway changed it
     * (a change through this process is seen at once): for documents that every request reads, such as the bucket
     * policy, so that a request pays no catalog round trip for them.
     */
    default Optional<String> cachedDocument(Bucket bucket, String kind) {
        return document(bucket, kind);
    }

    /** Stores or replaces the document; NO_SUCH_BUCKET. Deleted with the bucket. */
    void putDocument(Bucket bucket, String kind, String document);

    /** Removes the document, if any. */
    void deleteDocument(Bucket bucket, String kind);

    /** The bucket's default encryption, if it has one (PutBucketEncryption). */
    Optional<DefaultEncryption> encryption(Bucket bucket);

    void putEncryption(Bucket bucket, DefaultEncryption encryption);

    void deleteEncryption(Bucket bucket);

    /** Sets the bucket's versioning state, ENABLED or SUSPENDED (docs/versioning.md); NO_SUCH_BUCKET. */
    void setVersioning(Bucket bucket, Versioning versioning);

    /**
     * The bucket's lifecycle configuration, if it has one (docs/lifecycle.md); GET, HEAD and PUT read it, so it is
     * the {@link #cachedDocument}.
     */
    default Optional<LifecycleConfiguration> lifecycle(Bucket bucket) {
        return cachedDocument(bucket, LifecycleConfiguration.DOCUMENT).map(LifecycleConfiguration::decode);
    }

    /** Stores or replaces the lifecycle configuration; NO_SUCH_BUCKET. */
    default void putLifecycle(Bucket bucket, LifecycleConfiguration configuration) {
        putDocument(bucket, LifecycleConfiguration.DOCUMENT, configuration.encode());
    }

    /** Removes the lifecycle configuration, if any. */
    default void deleteLifecycle(Bucket bucket) {
        deleteDocument(bucket, LifecycleConfiguration.DOCUMENT);
    }
}
