package coffer.storage.blob;

import java.io.IOException;

/**
 * The blob store could not be reached, or kept refusing work, after its bounded retries: an outage of a remote
 * backend (the S3 blob store), not a fault of the request or of the data. Nothing the failed call was given was
 * acknowledged. The S3 layer answers 503: {@code SlowDown} when {@link #throttled()} (the backend asked us to slow
 * down), else {@code ServiceUnavailable}. Messages never hold credentials, keys or data.
 */
public class BlobStoreUnavailableException extends IOException {
    private final boolean throttled;

    public BlobStoreUnavailableException(String message, boolean throttled, Throwable cause) {
        super(message, cause);
        this.throttled = throttled;
    }

    /** Whether the backend answered that it is overloaded (S3 {@code SlowDown}/503, 429) rather than being away. */
    public boolean throttled() {
        return throttled;
    }
}
