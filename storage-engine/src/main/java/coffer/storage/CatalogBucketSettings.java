package coffer.storage;

import coffer.storage.internal.catalog.Catalog;
import java.util.Optional;

/** {@link BucketSettings} kept in the MariaDB catalog. Thread-safe. */
final class CatalogBucketSettings implements BucketSettings {
    private final Catalog catalog;

    CatalogBucketSettings(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String acl(Bucket bucket) {
        return catalog.bucketSettings().bucketAcl(bucket.id());
    }

    @Override
    public void setAcl(Bucket bucket, String acl) {
        catalog.bucketSettings().setBucketAcl(bucket.id(), ObjectAttributes.requireValidAcl(acl));
    }

    @Override
    public Optional<String> cors(Bucket bucket) {
        return catalog.bucketSettings().bucketCors(bucket.id());
    }

    @Override
    public void putCors(Bucket bucket, String configuration) {
        catalog.bucketSettings().putBucketCors(bucket.id(), configuration);
    }

    @Override
    public void deleteCors(Bucket bucket) {
        catalog.bucketSettings().deleteBucketCors(bucket.id());
    }

    @Override
    public Optional<String> document(Bucket bucket, String kind) {
        return catalog.bucketSettings().bucketDocument(bucket.id(), kind);
    }

    @Override
    public Optional<String> cachedDocument(Bucket bucket, String kind) {
        return catalog.bucketSettings().cachedBucketDocument(bucket.id(), kind);
    }

    @Override
    public void putDocument(Bucket bucket, String kind, String document) {
        catalog.bucketSettings().putBucketDocument(bucket.id(), kind, document);
    }

    @Override
    public void deleteDocument(Bucket bucket, String kind) {
        catalog.bucketSettings().deleteBucketDocument(bucket.id(), kind);
    }

    @Override
    public Optional<DefaultEncryption> encryption(Bucket bucket) {
        return catalog.bucketSettings().bucketEncryption(bucket.id());
    }

    @Override
    public void putEncryption(Bucket bucket, DefaultEncryption encryption) {
        catalog.bucketSettings().putBucketEncryption(bucket.id(), encryption);
    }

    @Override
    public void deleteEncryption(Bucket bucket) {
        catalog.bucketSettings().deleteBucketEncryption(bucket.id());
    }

    @Override
    public void setVersioning(Bucket bucket, Versioning versioning) {
        catalog.setVersioning(bucket.id(), versioning);
    }
}
