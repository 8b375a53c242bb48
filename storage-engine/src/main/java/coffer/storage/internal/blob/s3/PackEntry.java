package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobId;
import java.util.Objects;

/**
 * Where a packed blob lives: pack {@code packId}, its record (volume record header and payload, docs/storage-format.md
 * section 3) at {@code recordOffset}, {@code recordLength} bytes long.
 */
record PackEntry(BlobId blobId, String packId, long recordOffset, int recordLength) {
    PackEntry {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(packId, "packId");
    }
}
