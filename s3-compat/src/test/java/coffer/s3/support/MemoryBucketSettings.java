package coffer.s3.support;

import coffer.storage.Bucket;
import coffer.storage.BucketSettings;
import coffer.storage.DefaultEncryption;
import coffer.storage.ObjectAttributes;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.Versioning;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link BucketSettings} of a {@link MemoryStorage}: kept per bucket id, dropped with the bucket. Thread-safe. */
final class MemoryBucketSettings implements BucketSettings {
    private final MemoryStorage storage;
    private final Map<Long, String> acls = new HashMap<>();
    private final Map<Long, Map<String, String>> documents = new HashMap<>();
    private final Map<Long, DefaultEncryption> encryption = new HashMap<>();

    MemoryBucketSettings(MemoryStorage storage) {
        this.storage = storage;
    }

    private void requireBucket(Bucket bucket) {
        if (storage.findBucket(bucket.name()).filter(b -> b.id() == bucket.id()).isEmpty()) {
            throw new StoreException(Reason.NO_SUCH_BUCKET, "no bucket " + bucket.name());
        }
    }

    synchronized void forget(Bucket bucket) {
        acls.remove(bucket.id());
        documents.remove(bucket.id());
        encryption.remove(bucket.id());
    }

    @Override
    public synchronized String acl(Bucket bucket) {
        return acls.getOrDefault(bucket.id(), ObjectAttributes.PRIVATE);
    }

    @Override
    public synchronized void setAcl(Bucket bucket, String acl) {
        requireBucket(bucket);
        acls.put(bucket.id(), ObjectAttributes.requireValidAcl(acl));
    }

    @Override
    public Optional<String> cors(Bucket bucket) {
        return document(bucket, "cors");
    }

    @Override
    public void putCors(Bucket bucket, String configuration) {
        putDocument(bucket, "cors", configuration);
    }

    @Override
    public void deleteCors(Bucket bucket) {
        deleteDocument(bucket, "cors");
    }

    @Override
    public synchronized Optional<String> document(Bucket bucket, String kind) {
        return Optional.ofNullable(documents.getOrDefault(bucket.id(), Map.of()).get(kind));
    }

    @Override
    public synchronized void putDocument(Bucket bucket, String kind, String document) {
        requireBucket(bucket);
        documents.computeIfAbsent(bucket.id(), id -> new HashMap<>()).put(kind, document);
    }

    @Override
    public synchronized void deleteDocument(Bucket bucket, String kind) {
        documents.getOrDefault(bucket.id(), new HashMap<>()).remove(kind);
    }

    @Override
    public synchronized Optional<DefaultEncryption> encryption(Bucket bucket) {
        return Optional.ofNullable(encryption.get(bucket.id()));
    }

    @Override
    public synchronized void putEncryption(Bucket bucket, DefaultEncryption settings) {
        requireBucket(bucket);
        encryption.put(bucket.id(), settings);
    }

    @Override
    public synchronized void deleteEncryption(Bucket bucket) {
        encryption.remove(bucket.id());
    }

    @Override
    public void setVersioning(Bucket bucket, Versioning versioning) {
        requireBucket(bucket);
        storage.replaceBucket(bucket.withVersioning(versioning));
    }
}
