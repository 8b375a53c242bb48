package coffer.storage;

import coffer.storage.blob.CustomerKey;
import java.util.Map;
import java.util.Objects;

/**
 * A copy of {@code source} (read by the caller, who checked the copy conditions on it) to {@code key} of
 * {@code bucket}, for {@link Store#copyObject}: the copy gets {@code metadata}, {@code acl}, {@code tags} and
 * {@code encryption}, if {@code condition} holds on the current row. {@code sourceKey} opens an SSE-C source and
 * {@code customerKey} encrypts an SSE-C copy (null for none); {@code quota} says how the copy takes room in its
 * account's quota (usage is logical: a copy counts in full). Build one with {@link #of}.
 */
public record CopyObject(ObjectRecord source, CustomerKey sourceKey, Bucket bucket, String key,
                         ObjectMetadata metadata, WriteCondition condition, String acl, Map<String, String> tags,
                         ObjectEncryption encryption, CustomerKey customerKey, QuotaClaim quota, ObjectLock lock) {
    public CopyObject {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(quota, "quota");
    }

    /**
     * Whether the data must be streamed into a new blob: when either side uses a customer key (an SSE-C blob's key
     * depends on its customer key) or the copy's KMS key is not the source's ({@link ObjectEncryption#sameKeyAs});
     * otherwise the copy names the source's blobs and no data is copied.
     */
    public boolean reencrypts() {
        return sourceKey != null || customerKey != null || !encryption.sameKeyAs(source.attributes().encryption());
    }

    /**
     * The source's metadata, tags and encryption, private, unconditional, no customer keys, no reservation, until
     * set otherwise.
     */
    public static Builder of(ObjectRecord source, Bucket bucket, String key) {
        return new Builder(source, bucket, key);
    }

    public static final class Builder extends ObjectWriteBuilder<Builder> {
        private final ObjectRecord source;
        private CustomerKey sourceKey;
        private String acl = ObjectAttributes.PRIVATE;
        private Map<String, String> tags;
        private ObjectEncryption encryption;
        private ObjectLock lock = ObjectLock.NONE;

        private Builder(ObjectRecord source, Bucket bucket, String key) {
            super(bucket, key, Objects.requireNonNull(source, "source").metadata());
            this.source = source;
            this.tags = source.attributes().tags();
            this.encryption = source.attributes().encryption();
        }

        /** SSE-C key of the source; null for none. */
        public Builder sourceKey(CustomerKey sourceKey) {
            this.sourceKey = sourceKey;
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

        /** The copy's object lock (never the source's: docs/object-lock.md). */
        public Builder lock(ObjectLock lock) {
            this.lock = lock;
            return this;
        }

        public CopyObject build() {
            return new CopyObject(source, sourceKey, bucket, key, metadata, condition, acl, tags, encryption,
                    customerKey, quota, lock);
        }
    }
}
