package coffer.storage.blob;

import java.io.IOException;

/**
 * A write refused or failed because the blob store is (nearly) full: its free space is below the configured
 * reserve, or the file system answered "no space left" (ENOSPC) or "disk quota exceeded" (EDQUOT). The partial
 * blob has been removed. Reads are unaffected.
 */
public final class InsufficientStorageException extends IOException {
    private static final long serialVersionUID = 1L;

    public InsufficientStorageException(String message) {
        super(message);
    }

    public InsufficientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
