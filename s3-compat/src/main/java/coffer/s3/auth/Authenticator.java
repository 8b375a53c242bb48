package coffer.s3.auth;

import coffer.s3.body.DecodedBody;
import coffer.s3.body.PayloadHash;
import coffer.s3.body.RequestBodies;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import java.time.Clock;
import java.util.Optional;

/**
 * Authenticates a request once, before any handler runs, and wraps its body so that it verifies itself.
 *
 * <ol>
 *   <li>Decide the scheme from the Authorization header and the query: SigV4 header, SigV4 presigned URL,
 *       SigV2 (header or query) or anonymous. Both a header and query signature: 400 InvalidArgument.</li>
 *   <li>Verify the signature (see {@link SigV4Verifier}); the payload hash it signed decides the body checks.</li>
 *   <li>Wrap the body, without reading it (see {@link RequestBodies}): aws-chunked decoding with chunk and
 *       trailer signatures, x-amz-content-sha256, Content-MD5 and flexible checksums, all final on EOF.</li>
 * </ol>
 * SigV2 is answered 501 NotImplemented for now; its verifier will be a sibling of {@link SigV4Verifier},
 * reached from the same switch.
 *
 * <p>Thread-safe if the {@link CredentialLookup} is.
 */
public final class Authenticator {
    private final SigV4Verifier sigV4;

    public Authenticator(CredentialLookup lookup, Clock clock) {
        this.sigV4 = new SigV4Verifier(lookup, clock);
    }

    /** Throws {@link S3Exception} with the S3 error of the first check that fails. */
    public AuthResult authenticate(S3Request request) {
        return switch (AuthScheme.of(request)) {
            case ANONYMOUS -> anonymous(request);
            case SIGV4_HEADER -> signed(request, sigV4.verifyHeader(request));
            case SIGV4_QUERY -> signed(request, sigV4.verifyPresigned(request));
            case SIGV2_HEADER, SIGV2_QUERY -> throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                    "AWS Signature Version 2 is not supported yet; sign the request with Signature Version 4");
        };
    }

    private static AuthResult anonymous(S3Request request) {
        String header = request.header("x-amz-content-sha256");
        PayloadHash payload = header == null ? PayloadHash.unsigned() : PayloadHash.parse(header);
        DecodedBody body = RequestBodies.open(request, payload, Optional.empty());
        return new AuthResult(Optional.empty(), body.body(), body.contentLength(), body.checksums());
    }

    private static AuthResult signed(S3Request request, SigV4Verification verified) {
        PayloadHash payload = verified.payload();
        DecodedBody body = RequestBodies.open(request, payload, payload.kind().hasChunkSignatures()
                ? Optional.of(verified.chunkSigner()) : Optional.empty());
        return new AuthResult(Optional.of(verified.credential()), body.body(), body.contentLength(),
                body.checksums());
    }
}
