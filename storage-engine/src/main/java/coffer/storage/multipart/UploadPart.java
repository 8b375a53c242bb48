package coffer.storage.multipart;

import coffer.storage.blob.StoredBlob;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One uploaded part: its number (1..10000), when it was stored, its blob (size and MD5 come from it) and its
 * checksum in the upload's algorithm (base64; null when none was stored).
 */
public record UploadPart(int partNumber, Instant lastModified, StoredBlob blob, String checksum) {
    public UploadPart {
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(blob, "blob");
    }

    public UploadPart(int partNumber, Instant lastModified, StoredBlob blob) {
        this(partNumber, lastModified, blob, null);
    }

    public long size() {
        return blob.size();
    }

    /** The part's ETag: the plaintext MD5 in lower-case hex, unquoted. */
    public String etag() {
        return HexFormat.of().formatHex(blob.md5());
    }
}
