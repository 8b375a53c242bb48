package coffer.storage.blob;

import java.io.IOException;

/**
 * A blob (or object, or upload) was accessed with the wrong customer key, without the one it needs, or with one
 * it does not use. The message never contains key material.
 */
public final class CustomerKeyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Problem {
        /** The blob was written with a customer key and none was given. */
        MISSING,
        /** A customer key was given and it is not the one the blob was written with. */
        WRONG,
        /** A customer key was given for a blob written without one. */
        NOT_APPLICABLE,
        /** A multipart upload part came with another key than the upload's, or with or without one unlike it. */
        UPLOAD_MISMATCH
    }

    private final Problem problem;

    public CustomerKeyException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
