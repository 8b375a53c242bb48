package coffer.storage.multipart;

import coffer.storage.Bucket;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectMetadata;
import coffer.storage.blob.CustomerKey;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A CreateMultipartUpload, for {@link MultipartStorage#createMultipartUpload}: where the object will be published
 * and what it will get: its headers, the checksum algorithm and type the client chose (null when it named none),
 * its canned ACL and tags, and its encryption (SSE-S3 or SSE-KMS). With a {@code customerKey} (SSE-C) every part
 * must come with the same key, and the completed object needs it to be read; only an HMAC of it is stored. Build
 * one with {@link #of}.
 */
public record NewUpload(Bucket bucket, String key, ObjectMetadata metadata, String checksumAlgorithm,
                        String checksumType, String acl, Map<String, String> tags, ObjectEncryption encryption,
                        CustomerKey customerKey, ObjectLock lock) {
    public NewUpload {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(encryption, "encryption");
        tags = new ObjectAttributes(null, acl, tags).tags();
    }

    /** The upload these settings open, as {@code uploadId} at {@code initiated}. */
    public Upload opened(String uploadId, Instant initiated) {
        return new Upload(uploadId, bucket.id(), key, initiated, metadata, checksumAlgorithm, checksumType, acl, tags,
                encryption, lock);
    }

    /** No metadata, no checksum chosen, private, without tags, SSE-S3, no customer key, until set otherwise. */
    public static Builder of(Bucket bucket, String key) {
        return new Builder(bucket, key);
    }

    public static final class Builder {
        private final Bucket bucket;
        private final String key;
        private ObjectMetadata metadata = ObjectMetadata.EMPTY;
        private String checksumAlgorithm;
        private String checksumType;
        private String acl = ObjectAttributes.PRIVATE;
        private Map<String, String> tags = Map.of();
        private ObjectEncryption encryption = ObjectEncryption.SSE_S3;
        private CustomerKey customerKey;
        private ObjectLock lock = ObjectLock.NONE;

        private Builder(Bucket bucket, String key) {
            this.bucket = bucket;
            this.key = key;
        }

        public Builder metadata(ObjectMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /** The algorithm's wire name and COMPOSITE or FULL_OBJECT; nulls for none. */
        public Builder checksum(String algorithm, String type) {
            this.checksumAlgorithm = algorithm;
            this.checksumType = type;
            return this;
        }

        public Builder acl(String acl) {
            this.acl = acl;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder encryption(ObjectEncryption encryption) {
            this.encryption = encryption;
            return this;
        }

        /** SSE-C; null for none. */
        public Builder customerKey(CustomerKey customerKey) {
            this.customerKey = customerKey;
            return this;
        }

        /** The object lock the completed object gets (docs/object-lock.md). */
        public Builder lock(ObjectLock lock) {
            this.lock = lock;
            return this;
        }

        public NewUpload build() {
            return new NewUpload(bucket, key, metadata, checksumAlgorithm, checksumType, acl, tags, encryption,
                    customerKey, lock);
        }
    }
}
