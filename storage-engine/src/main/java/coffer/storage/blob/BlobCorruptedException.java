package coffer.storage.blob;

import java.io.IOException;

/** A stored blob failed its integrity check: tampered, truncated, swapped, or sealed under another key. */
public class BlobCorruptedException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlobCorruptedException(String message) {
        super(message);
    }

    public BlobCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
