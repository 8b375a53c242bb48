package coffer.storage.internal.catalog;

import coffer.storage.blob.BlobId;
import java.util.Objects;

/** A claimed {@code gc_queue} entry: free the blob, then {@link Catalog#forgetGarbage} the entry. */
public record GcEntry(long id, BlobId blobId) {
    public GcEntry {
        Objects.requireNonNull(blobId, "blobId");
    }
}
