package coffer.storage.blob;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored blob as {@link BlobEngine#list} finds it: its id, when its data was last written (never earlier than
 * the write of its last byte), and the bytes it takes on disk (ciphertext and framing), for reporting.
 */
public record BlobEntry(BlobId id, Instant lastWritten, long storedBytes) {
    public BlobEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastWritten, "lastWritten");
    }
}
