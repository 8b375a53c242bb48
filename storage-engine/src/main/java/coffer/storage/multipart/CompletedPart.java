package coffer.storage.multipart;

import java.util.Objects;

/**
 * One entry of a CompleteMultipartUpload request: the part number, the ETag (unquoted) the client expects and,
 * if it sent one, the part checksum (base64) it expects in the upload's algorithm (null: not checked).
 */
public record CompletedPart(int partNumber, String etag, String checksum) {
    public CompletedPart {
        Objects.requireNonNull(etag, "etag");
    }

    public CompletedPart(int partNumber, String etag) {
        this(partNumber, etag, null);
    }
}
