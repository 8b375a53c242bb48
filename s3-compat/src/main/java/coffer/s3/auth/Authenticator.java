package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.s3.http.S3Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * SigV2 (see {@link SigV2Verifier}) signs no payload: its body gets the same Content-MD5 and
 * {@code x-amz-checksum-*} checks as an anonymous one, and aws-chunked is refused.
 *
 * <p>Thread-safe if the {@link CredentialLookup} is.
 */
public final class Authenticator {
    /** The longest a POST policy may live, as a presigned URL (SigV4 {@code X-Amz-Expires} at most 604800). */
    public static final Duration MAX_POLICY_LIFETIME = Duration.ofSeconds(SigV4Verifier.MAX_EXPIRES_SECONDS);
    private final SigV4Verifier sigV4;
    private final SigV2Verifier sigV2;
    private final PostPolicySignature postPolicy;
    private final Clock clock;

    /** For path-style requests only: without a domain, SigV2 cannot see the bucket of a virtual-hosted one. */
    public Authenticator(CredentialLookup lookup, Clock clock) {
        this(lookup, clock, Optional.empty());
    }

    /** @param domain the base domain of virtual-hosted-style requests, as given to the S3 service */
    public Authenticator(CredentialLookup lookup, Clock clock, Optional<String> domain) {
        this.sigV4 = new SigV4Verifier(lookup, clock);
        this.sigV2 = new SigV2Verifier(lookup, clock, domain);
        this.postPolicy = new PostPolicySignature(lookup);
        this.clock = clock;
    }

    /**
     * The credential that signed a browser POST upload's policy (see {@link PostPolicySignature}); the request
     * itself is anonymous at the HTTP level. The signature covers the base64 text as sent, so it is checked
     * before anything parses the policy. Throws {@link S3Exception}: unsigned or wrongly signed as for a header
     * signature.
     *
     * @param policy the {@code policy} form field as sent (base64)
     * @param fields every form field before the file, names lower-cased
     */
    public Credential verifyPostPolicy(String policy, Map<String, String> fields) {
        return postPolicy.verify(policy, fields);
    }

    /**
     * Checks a signed policy's expiration against the clock: past, or more than {@link #MAX_POLICY_LIFETIME}
     * ahead (the bound of a presigned URL; AWS sets none, but a policy is a bearer token) give or take the clock
     * skew SigV4 allows (the signer wrote it by its own clock), is 403 AccessDenied.
     */
    public void requireLivePolicy(Instant expiration) {
        Instant now = clock.instant();
        if (now.isAfter(expiration)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid according to Policy: Policy expired.");
        }
        if (expiration.isAfter(now.plus(MAX_POLICY_LIFETIME).plus(SigV4Verifier.MAX_SKEW))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid according to Policy: Policy expiration must"
                    + " be at most 7 days ahead.");
        }
    }

    /**
     * Throws {@link S3Exception} with the S3 error of the first check that fails.
     *
     * @param query                   the request's query, as parsed once by the S3 service
     * @param checksumsDescribeObject the request's checksum headers describe the object, not the request body
     *                                (CompleteMultipartUpload's do)
     */
    public AuthResult authenticate(S3Request request, QueryParams query, boolean checksumsDescribeObject) {
        BodyChecksumHeaders checksums = checksumsDescribeObject
                ? BodyChecksumHeaders.DESCRIBE_OBJECT : BodyChecksumHeaders.COVER_BODY;
        return switch (AuthScheme.of(request, query)) {
            case ANONYMOUS -> unsignedPayload(request, Optional.empty(), checksums);
            case SIGV4_HEADER -> signed(request, sigV4.verifyHeader(request, query), checksums);
            case SIGV4_QUERY -> signed(request, sigV4.verifyPresigned(request, query), checksums);
            case SIGV2_HEADER -> unsignedPayload(request, Optional.of(sigV2.verifyHeader(request, query)), checksums);
            case SIGV2_QUERY -> unsignedPayload(request, Optional.of(sigV2.verifyPresigned(request, query)),
                    checksums);
        };
    }

    /** For tests: parses the query and authenticates a request whose checksum headers cover its body. */
    AuthResult authenticate(S3Request request) {
        return authenticate(request, QueryParams.parse(request.rawQuery()), false);
    }

    private static AuthResult unsignedPayload(S3Request request, Optional<Credential> principal,
                                              BodyChecksumHeaders checksums) {
        String header = request.header("x-amz-content-sha256");
        PayloadHash payload = header == null ? PayloadHash.unsigned() : PayloadHash.parse(header);
        if (principal.isPresent() && (payload.kind().isStreaming()
                || ContentEncodings.hasAwsChunked(request.header("Content-Encoding")))) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "An aws-chunked body requires a request signed with AWS Signature Version 4");
        }
        DecodedBody body = RequestBodies.open(request, payload, Optional.empty(), checksums);
        return new AuthResult(principal, body.body(), body.contentLength(), body.checksums());
    }

    private static AuthResult signed(S3Request request, SigV4Verification verified, BodyChecksumHeaders checksums) {
        PayloadHash payload = verified.payload();
        DecodedBody body = RequestBodies.open(request, payload, payload.kind().hasChunkSignatures()
                ? Optional.of(verified.chunkSigner()) : Optional.empty(), checksums);
        return new AuthResult(Optional.of(verified.credential()), body.body(), body.contentLength(),
                body.checksums());
    }
}
