package coffer.storage;

import java.io.IOException;

/**
 * The master key directory is not safe to use: a key file, the manifest or the directory is open to other users or
 * owned by another user, or the manifest does not match the files. The gateway refuses to start with the message,
 * which names files and modes, never key material.
 */
public final class KeyDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    public KeyDirectoryException(String message) {
        super(message);
    }
}
