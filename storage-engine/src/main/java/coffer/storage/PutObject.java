package coffer.storage;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A write of one object, for {@link Store#putObject}: {@code length} bytes of {@code body} (or
 * {@link BlobEngine#UNKNOWN_LENGTH}: read to its end) stored as {@code key} with {@code metadata}, if
 * {@code condition} holds on the current row. {@code attributes} gives the object's checksum, ACL, tags and
 * encryption once the body has been read to its end (checksums are known only then); a non-null
 * {@code customerKey} (SSE-C) encrypts it so that it can be read only with that key again; {@code quota} says how
 * the write takes room in its account's quota. Build one with {@link #of}.
 */
public record PutObject(Bucket bucket, String key, InputStream body, long length, ObjectMetadata metadata,
                        WriteCondition condition, Supplier<ObjectAttributes> attributes, CustomerKey customerKey,
                        QuotaClaim quota) {
    public PutObject {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(quota, "quota");
        if (length < 0 && length != BlobEngine.UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length must not be negative");
        }
    }

    /** No metadata, unconditional, default attributes, no customer key, no reservation, until set otherwise. */
    public static Builder of(Bucket bucket, String key, InputStream body, long length) {
        return new Builder(bucket, key, body, length);
    }

    public static final class Builder extends ObjectWriteBuilder<Builder> {
        private final InputStream body;
        private final long length;
        private Supplier<ObjectAttributes> attributes = () -> ObjectAttributes.DEFAULT;

        private Builder(Bucket bucket, String key, InputStream body, long length) {
            super(bucket, key, ObjectMetadata.EMPTY);
            this.body = body;
            this.length = length;
        }

        /** Asked once the body has been read to its end. */
        public Builder attributes(Supplier<ObjectAttributes> attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder attributes(ObjectAttributes attributes) {
            Objects.requireNonNull(attributes, "attributes");
            this.attributes = () -> attributes;
            return this;
        }

        public PutObject build() {
            return new PutObject(bucket, key, body, length, metadata, condition, attributes, customerKey, quota);
        }
    }
}
