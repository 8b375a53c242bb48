package coffer.storage.multipart;

import coffer.storage.Bucket;
import coffer.storage.QuotaClaim;
import coffer.storage.WriteBuilder;
import coffer.storage.blob.CustomerKey;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An UploadPart, for {@link MultipartStorage#uploadPart}: {@code length} bytes of {@code body} as part
 * {@code partNumber} of the upload. {@code checksum} gives the part's checksum (or null) once the body has been
 * read to its end; {@code customerKey} is the upload's SSE-C key (null for none); {@code quota} says how the part
 * takes room in its account's quota. Build one with {@link #of}.
 */
public record PutPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream body, long length,
                      Supplier<String> checksum, CustomerKey customerKey, QuotaClaim quota) {
    public PutPart {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(quota, "quota");
    }

    /** No checksum, no customer key, no reservation, until set otherwise. */
    public static Builder of(Bucket bucket, String key, String uploadId, int partNumber, InputStream body,
                             long length) {
        return new Builder(bucket, key, uploadId, partNumber, body, length);
    }

    public static final class Builder extends WriteBuilder<Builder> {
        private final String uploadId;
        private final int partNumber;
        private final InputStream body;
        private final long length;
        private Supplier<String> checksum = () -> null;

        private Builder(Bucket bucket, String key, String uploadId, int partNumber, InputStream body, long length) {
            super(bucket, key);
            this.uploadId = uploadId;
            this.partNumber = partNumber;
            this.body = body;
            this.length = length;
        }

        /** Asked once the body has been read to its end. */
        public Builder checksum(Supplier<String> checksum) {
            this.checksum = checksum;
            return this;
        }

        public PutPart build() {
            return new PutPart(bucket, key, uploadId, partNumber, body, length, checksum, customerKey, quota);
        }
    }
}
