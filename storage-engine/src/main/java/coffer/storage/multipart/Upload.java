package coffer.storage.multipart;

import coffer.storage.ObjectMetadata;
import java.time.Instant;
import java.util.Objects;

/** An open multipart upload: where it will publish, when it began, and the headers the object will get. */
public record Upload(String uploadId, long bucketId, String key, Instant initiated, ObjectMetadata metadata) {
    public Upload {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initiated, "initiated");
        Objects.requireNonNull(metadata, "metadata");
    }
}
