package coffer.s3.error;

import java.io.IOException;
import java.util.Optional;

/**
 * Reading the request body from the client failed: the client sent less than it declared and closed its side
 * ({@link S3ErrorCode#INCOMPLETE_BODY}), or sent too slowly or stopped sending
 * ({@link S3ErrorCode#REQUEST_TIMEOUT}). The HTTP layer raises it from the body stream it hands to the S3 layer, so
 * that a client's failure is answered as the client's (a 400) and never as an internal error, whatever layer
 * (engine, XML reader, form reader) happened to be reading when it failed.
 */
public final class ClientBodyException extends IOException {
    private static final long serialVersionUID = 1L;
    private final S3ErrorCode code;

    public ClientBodyException(S3ErrorCode code, Throwable cause) {
        super(code.defaultMessage(), cause);
        if (code != S3ErrorCode.INCOMPLETE_BODY && code != S3ErrorCode.REQUEST_TIMEOUT) {
            throw new IllegalArgumentException("not a client body failure: " + code);
        }
        this.code = code;
    }

    public S3Exception toS3() {
        return new S3Exception(code, code.defaultMessage());
    }

    /** The client body failure somewhere in {@code t}'s cause chain, if there is one. */
    public static Optional<ClientBodyException> in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClientBodyException b) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
