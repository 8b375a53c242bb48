package coffer.s3.auth;

import java.io.InputStream;

/**
 * A request body ready for a handler: the plaintext payload stream that verifies itself at EOF, its length
 * ({@code -1} when the request states none) and the flexible checksums being verified.
 */
record DecodedBody(InputStream body, long contentLength, BodyChecksums checksums) {
}
