package coffer.s3.body;

import java.io.InputStream;

/**
 * A request body ready for a handler: the plaintext payload stream that verifies itself at EOF, its length
 * ({@code -1} when the request states none) and the flexible checksums being verified.
 */
public record DecodedBody(InputStream body, long contentLength, BodyChecksums checksums) {
}
