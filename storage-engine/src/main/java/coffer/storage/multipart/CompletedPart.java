package coffer.storage.multipart;

import java.util.Objects;

/** One entry of a CompleteMultipartUpload request: the part number and the ETag (unquoted) the client expects. */
public record CompletedPart(int partNumber, String etag) {
    public CompletedPart {
        Objects.requireNonNull(etag, "etag");
    }
}
