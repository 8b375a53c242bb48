package coffer.storage;

import java.io.IOException;

/**
 * The blob store this gateway is configured with is not the one the catalog's blobs are in (catalog table
 * {@code blob_store}, written by {@code coffer admin blobs migrate}): e.g. local blobs on a catalog whose blobs were
 * migrated to an S3 store. The gateway refuses to start with the message, which says which store the catalog names
 * and what to set; it never names credentials.
 */
public final class BlobStoreMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlobStoreMismatchException(String message) {
        super(message);
    }
}
