package coffer.storage.integrity;

import coffer.storage.blob.BlobKind;
import coffer.storage.internal.catalog.BlobRow;
import java.util.Objects;

/**
 * One damaged or missing blob found by the scrub, named by its object: bucket and key, the part number (0 for a
 * single-blob object) and, for a part of an open upload, the upload id. {@code detail} says what is wrong; it
 * never holds key material or plaintext.
 */
public record ScrubFinding(BlobKind kind, String bucket, String key, String uploadId, int partNumber,
                           Problem problem, String detail) {
    /** What is wrong with the blob. */
    public enum Problem {
        /** The catalog names it but the blob store does not have it. */
        MISSING,
        /** Present but wrong: length, header, key commitment or a segment's tag. */
        DAMAGED
    }

    public ScrubFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(detail, "detail");
    }

    static ScrubFinding of(BlobRow row, Problem problem, String detail) {
        return new ScrubFinding(row.kind(), row.bucket(), row.key(), row.uploadId(), row.partNumber(), problem,
                detail);
    }
}
