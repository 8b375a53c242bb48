package coffer.storage.multipart;

import coffer.storage.Bucket;
import coffer.storage.WriteCondition;
import java.util.List;
import java.util.Objects;

/**
 * A CompleteMultipartUpload, for {@link MultipartStorage#completeMultipartUpload}: the chosen {@code parts}
 * (1..10000, numbered 1..10000), published if {@code condition} holds on the current row, the object's checksum
 * computed from them by {@code combiner}. Build one with {@link #of}.
 */
public record CompleteUpload(Bucket bucket, String key, String uploadId, List<CompletedPart> parts,
                             WriteCondition condition, ChecksumCombiner combiner) {
    public CompleteUpload {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
        parts = List.copyOf(parts);
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(combiner, "combiner");
    }

    /** Unconditional, without an object checksum, until set otherwise. */
    public static Builder of(Bucket bucket, String key, String uploadId, List<CompletedPart> parts) {
        return new Builder(bucket, key, uploadId, parts);
    }

    public static final class Builder {
        private final Bucket bucket;
        private final String key;
        private final String uploadId;
        private final List<CompletedPart> parts;
        private WriteCondition condition = WriteCondition.NONE;
        private ChecksumCombiner combiner = ChecksumCombiner.NONE;

        private Builder(Bucket bucket, String key, String uploadId, List<CompletedPart> parts) {
            this.bucket = bucket;
            this.key = key;
            this.uploadId = uploadId;
            this.parts = parts;
        }

        public Builder condition(WriteCondition condition) {
            this.condition = condition;
            return this;
        }

        public Builder combiner(ChecksumCombiner combiner) {
            this.combiner = combiner;
            return this;
        }

        public CompleteUpload build() {
            return new CompleteUpload(bucket, key, uploadId, parts, condition, combiner);
        }
    }
}
