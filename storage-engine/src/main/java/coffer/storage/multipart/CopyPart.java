package coffer.storage.multipart;

import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.QuotaClaim;
import coffer.storage.WriteBuilder;
import coffer.storage.blob.CustomerKey;
import java.util.Objects;

/**
 * An UploadPartCopy, for {@link MultipartStorage#uploadPartCopy}: bytes {@code first..last} of {@code source} as
 * part {@code partNumber} of the upload, with the part's {@code checksum} plan, the source's SSE-C key and the
 * upload's (null for none), and how the part takes room in its account's quota. Build one with {@link #of}.
 */
public record CopyPart(Bucket bucket, String key, String uploadId, int partNumber, ObjectRecord source, long first,
                       long last, PartCopyChecksum checksum, CustomerKey sourceKey, CustomerKey customerKey,
                       QuotaClaim quota) {
    public CopyPart {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(quota, "quota");
    }

    /** No checksum wanted, no customer keys, no reservation, until set otherwise. */
    public static Builder of(Bucket bucket, String key, String uploadId, int partNumber, ObjectRecord source,
                             long first, long last) {
        return new Builder(bucket, key, uploadId, partNumber, source, first, last);
    }

    public static final class Builder extends WriteBuilder<Builder> {
        private final String uploadId;
        private final int partNumber;
        private final ObjectRecord source;
        private final long first;
        private final long last;
        private PartCopyChecksum checksum = PartCopyChecksum.NONE;
        private CustomerKey sourceKey;

        private Builder(Bucket bucket, String key, String uploadId, int partNumber, ObjectRecord source, long first,
                        long last) {
            super(bucket, key);
            this.uploadId = uploadId;
            this.partNumber = partNumber;
            this.source = source;
            this.first = first;
            this.last = last;
        }

        public Builder checksum(PartCopyChecksum checksum) {
            this.checksum = checksum;
            return this;
        }

        /** SSE-C key of the source; null for none. */
        public Builder sourceKey(CustomerKey sourceKey) {
            this.sourceKey = sourceKey;
            return this;
        }

        public CopyPart build() {
            return new CopyPart(bucket, key, uploadId, partNumber, source, first, last, checksum, sourceKey,
                    customerKey, quota);
        }
    }
}
