package coffer.storage;

import coffer.storage.blob.CustomerKey;

/**
 * What every write's builder shares ({@link PutObject}, {@link CopyObject}, and the parts of a multipart upload):
 * the key of the bucket it writes, the SSE-C key that encrypts what it writes (null for none), and how it takes
 * room in its account's quota ({@link QuotaClaim#NONE} until set otherwise). {@code B} is the concrete builder, so
 * that the setters chain.
 */
public abstract class WriteBuilder<B extends WriteBuilder<B>> {
    protected final Bucket bucket;
    protected final String key;
    protected CustomerKey customerKey;
    protected QuotaClaim quota = QuotaClaim.NONE;

    protected WriteBuilder(Bucket bucket, String key) {
        this.bucket = bucket;
        this.key = key;
    }

    /** SSE-C key of what is written; null for none. */
    public B customerKey(CustomerKey customerKey) {
        this.customerKey = customerKey;
        return self();
    }

    public B quota(QuotaClaim quota) {
        this.quota = quota;
        return self();
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }
}
