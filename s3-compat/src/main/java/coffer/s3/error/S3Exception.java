package coffer.s3.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception that carries an S3 error to the client. Unchecked, so that it can travel out of an
 * {@link java.io.InputStream#read} of a verifying body stream and through the storage engine unchanged.
 *
 * <p>Messages must never contain secrets: no keys, signatures or tokens.
 */
public class S3Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final S3ErrorCode error;
    private final Map<String, String> details;
    /** Response headers the error carries (a delete marker's {@code x-amz-delete-marker}, ...). */
    private final Map<String, String> headers = new LinkedHashMap<>();

    public S3Exception(S3ErrorCode error) {
        this(error, error.defaultMessage());
    }

    public S3Exception(S3ErrorCode error, String message) {
        this(error, message, Map.of(), null);
    }

    public S3Exception(S3ErrorCode error, String message, Throwable cause) {
        this(error, message, Map.of(), cause);
    }

    /** {@code details} become extra elements of the error document, for example {@code <BucketName>}. */
    public S3Exception(S3ErrorCode error, String message, Map<String, String> details, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public S3ErrorCode error() {
        return error;
    }

    public Map<String, String> details() {
        return details;
    }

    /** Adds a response header to the error answer; returns this exception. */
    public S3Exception header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }
}
