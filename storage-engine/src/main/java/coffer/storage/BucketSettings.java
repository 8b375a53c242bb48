package coffer.storage;

import coffer.storage.catalog.Catalog;
import java.util.Optional;

/**
 * A bucket's settings: its access control list, its CORS configuration and its default encryption. The S3 layer
 * validates and renders them; this class only keeps them. Reached through {@link Store#bucketSettings()}. Thread-safe.
 */
public final class BucketSettings {
    private final Catalog catalog;

    BucketSettings(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The ACL in the S3 layer's encoding ({@code private} for a bucket that never had another one). */
    public String acl(Bucket bucket) {
        return catalog.bucketAcl(bucket.id());
    }

    /** {@code acl}: see {@link ObjectAttributes#requireValidAcl}. NO_SUCH_BUCKET. */
    public void setAcl(Bucket bucket, String acl) {
        catalog.setBucketAcl(bucket.id(), ObjectAttributes.requireValidAcl(acl));
    }

    /** The bucket's CORS configuration document, if it has one. */
    public Optional<String> cors(Bucket bucket) {
        return catalog.bucketCors(bucket.id());
    }

    public void putCors(Bucket bucket, String configuration) {
        catalog.putBucketCors(bucket.id(), configuration);
    }

    public void deleteCors(Bucket bucket) {
        catalog.deleteBucketCors(bucket.id());
    }

    /**
     * The bucket's configuration document of {@code kind} (a short ASCII name the S3 layer chooses, such as
     * {@code ownership} or {@code tagging}), if it has one. The document is kept as given, never interpreted.
     */
    public Optional<String> document(Bucket bucket, String kind) {
        return catalog.bucketDocument(bucket.id(), kind);
    }

    /** Stores or replaces the document; NO_SUCH_BUCKET. Deleted with the bucket. */
    public void putDocument(Bucket bucket, String kind, String document) {
        catalog.putBucketDocument(bucket.id(), kind, document);
    }

    /** Removes the document, if any. */
    public void deleteDocument(Bucket bucket, String kind) {
        catalog.deleteBucketDocument(bucket.id(), kind);
    }

    /** The bucket's default encryption, if it has one (PutBucketEncryption). */
    public Optional<DefaultEncryption> encryption(Bucket bucket) {
        return catalog.bucketEncryption(bucket.id());
    }

    public void putEncryption(Bucket bucket, DefaultEncryption encryption) {
        catalog.putBucketEncryption(bucket.id(), encryption);
    }

    public void deleteEncryption(Bucket bucket) {
        catalog.deleteBucketEncryption(bucket.id());
    }
}
