package coffer.s3.auth;

import java.io.InputStream;
import java.util.Optional;

/**
 * The outcome of authenticating a request.
 *
 * @param principal     the credential that signed the request; empty for an anonymous request
 * @param body          the plaintext payload (aws-chunked framing removed), which verifies itself: the read
 *                      that reaches EOF throws {@link coffer.s3.error.S3Exception} if any check fails
 * @param contentLength the decoded payload length ({@code x-amz-decoded-content-length} for aws-chunked, else
 *                      Content-Length), or -1 when the request states none
 * @param checksums     the flexible checksums the request asked to verify, with their values after EOF
 */
public record AuthResult(Optional<Credential> principal, InputStream body, long contentLength,
                         BodyChecksums checksums) {
}
