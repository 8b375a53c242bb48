package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.PercentCodec;
import coffer.s3.http.QueryParams;
import coffer.s3.http.S3Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies AWS Signature Version 4, in the Authorization header or in the query string (presigned URL).
 *
 * <p>Order of checks, header form: 1. parse the header; 2. the request time ({@code X-Amz-Date}, else
 * {@code Date}) against the credential date and against the clock (15 minutes either way); 3. the payload
 * hash header; 4. the access key; 5. the signature. Presigned form: 1. the parameters; 2. {@code X-Amz-Expires}
 * in 1..604800; 3. not dated in the future (beyond the skew), not expired; 4. the access key; 5. the signature.
 * Both forms then: 6. every {@code x-amz-*} header is signed ({@link SignedHeaderCoverage}).
 *
 * <p>Canonical URI: the raw path exactly as sent (S3 neither normalises nor double-encodes it); if that fails
 * and the raw path holds characters a client should have encoded, the path re-encoded by AWS's rules is tried
 * too (both name the same key). Canonical query: if the raw query holds a {@code +}, it is read first as a
 * space (form encoding, as Go's and MinIO's parsers do), then as a literal plus. The AWS SDKs and CLI send
 * {@code %20} and {@code %2B}, so for them there is only one reading. Every candidate names the same request,
 * and each needs the secret to produce, so trying them weakens nothing.
 *
 * <p>Thread-safe; stateless apart from its collaborators.
 */
final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final Logger LOG = LoggerFactory.getLogger(SigV4Verifier.class);
    private static final String QUERY_PARAMETERS_REQUIRED = "Query-string authentication version 4 requires the"
            + " X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and"
            + " X-Amz-Expires parameters.";

    private final CredentialLookup lookup;
    private final Clock clock;

    SigV4Verifier(CredentialLookup lookup, Clock clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    SigV4Verification verifyHeader(S3Request request, QueryParams query) {
        SigV4Authorization auth = SigV4Authorization.parseHeader(request.header("Authorization"));
        String dateText = request.header("x-amz-date");
        if (dateText == null) {
            dateText = request.header("Date");
        }
        Instant date = (dateText == null ? java.util.Optional.<Instant>empty() : AmzDate.parseLenient(dateText))
                .orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_DENIED,
                        "AWS authentication requires a valid Date or x-amz-date header"));
        String amzDate = AmzDate.format(date);
        if (!amzDate.startsWith(auth.credential().date())) {
            throw new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                    "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        Instant now = clock.instant();
        if (Duration.between(date, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, S3ErrorCode.REQUEST_TIME_TOO_SKEWED
                    .defaultMessage(), Map.of("RequestTime", amzDate, "ServerTime", AmzDate.format(now),
                    "MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis())), null);
        }
        String payloadHeader = request.header("x-amz-content-sha256");
        if (payloadHeader == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        PayloadHash payload = PayloadHash.parse(payloadHeader);
        return verify(request, query, auth, amzDate, Set.of(), payloadHeader.trim(), payload);
    }

    SigV4Verification verifyPresigned(S3Request request, QueryParams query) {
        S3ErrorCode error = S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR;
        String algorithm = query.first("X-Amz-Algorithm").orElseThrow(() -> new S3Exception(error,
                QUERY_PARAMETERS_REQUIRED));
        if (!SigV4Signing.ALGORITHM.equals(algorithm)) {
            throw new S3Exception(error, "X-Amz-Algorithm only supports \"" + SigV4Signing.ALGORITHM + "\"");
        }
        String credential = required(query, "X-Amz-Credential");
        String dateText = required(query, "X-Amz-Date");
        String signedHeaders = required(query, "X-Amz-SignedHeaders");
        String signature = required(query, "X-Amz-Signature");
        String expiresText = required(query, "X-Amz-Expires");
        SigV4Authorization auth = SigV4Authorization.of(CredentialScope.parse(credential, error), signedHeaders,
                signature, error);
        Instant date = AmzDate.parseIsoBasic(dateText).orElseThrow(() -> new S3Exception(error,
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""));
        String amzDate = AmzDate.format(date);
        if (!amzDate.startsWith(auth.credential().date())) {
            throw new S3Exception(error, "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        long expires = parseExpires(expiresText);
        Instant now = clock.instant();
        // Presigned URLs live up to 7 days, so the 15-minute window only bounds dates in the future.
        if (date.isAfter(now.plus(MAX_SKEW))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request is not valid yet");
        }
        if (now.isAfter(date.plusSeconds(expires))) {
            throw new S3Exception(S3ErrorCode.REQUEST_EXPIRED, S3ErrorCode.REQUEST_EXPIRED.defaultMessage(),
                    Map.of("X-Amz-Expires", expiresText, "Expires", AmzDate.format(date.plusSeconds(expires)),
                            "ServerTime", AmzDate.format(now)), null);
        }
        String payloadText = query.first("X-Amz-Content-Sha256").orElse(PayloadHash.UNSIGNED_PAYLOAD);
        PayloadHash payload = PayloadHash.parse(payloadText);
        if (payload.kind().isStreaming()) {
            throw new S3Exception(error, "A presigned URL cannot sign a streaming payload");
        }
        return verify(request, query, auth, amzDate, Set.of("X-Amz-Signature"), payloadText.trim(), payload);
    }

    private SigV4Verification verify(S3Request request, QueryParams query, SigV4Authorization auth, String amzDate,
                                     Set<String> excludedParameters, String payloadText, PayloadHash payload) {
        CredentialScope scope = auth.credential();
        Credential credential = lookup.find(scope.accessKeyId()).orElseThrow(() -> new S3Exception(
                S3ErrorCode.INVALID_ACCESS_KEY_ID, S3ErrorCode.INVALID_ACCESS_KEY_ID.defaultMessage(),
                Map.of("AWSAccessKeyId", scope.accessKeyId()), null));
        byte[] key = SigV4Signing.signingKey(credential.secretKey(), scope);
        String canonicalHeaders = CanonicalRequest.canonicalHeaders(request, auth.signedHeaders());
        byte[] given = auth.signature().getBytes(StandardCharsets.US_ASCII);
        for (String uri : uriCandidates(request.rawPath())) {
            for (boolean plusAsSpace : plusCandidates(query)) {
                String canonical = CanonicalRequest.of(request.method(), uri,
                        CanonicalRequest.canonicalQuery(query, excludedParameters, plusAsSpace), canonicalHeaders,
                        auth.signedHeadersText(), payloadText);
                String expected = SigV4Signing.signature(key,
                        SigV4Signing.stringToSign(amzDate, scope.scope(), canonical));
                if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given)) {
                    SignedHeaderCoverage.require(request, auth.signedHeaders());
                    return new SigV4Verification(credential, payload, key, amzDate, scope.scope(), expected);
                }
            }
        }
        if (LOG.isDebugEnabled()) {
            // The canonical request holds no secret (AWS itself returns it in SignatureDoesNotMatch errors).
            LOG.debug("SigV4 signature mismatch for access key {}; canonical request:\n{}", scope.accessKeyId(),
                    CanonicalRequest.of(request.method(), request.rawPath(),
                            CanonicalRequest.canonicalQuery(query, excludedParameters, false), canonicalHeaders,
                            auth.signedHeadersText(), payloadText));
        }
        throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, S3ErrorCode.SIGNATURE_DOES_NOT_MATCH
                .defaultMessage(), Map.of("AWSAccessKeyId", scope.accessKeyId()), null);
    }

    private static List<String> uriCandidates(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        List<String> candidates = new ArrayList<>(3);
        candidates.add(path);
        String normalized = PercentCodec.normalizePath(path);
        if (!normalized.equals(path)) {
            candidates.add(normalized);
        }
        // The AWS SDK for Java v2 signs a key such as "a//b" as "/bucket/a//b" but its HTTP layer sends
        // "/bucket/a/%2Fb" (it rewrites every "//" so that no proxy collapses it). Both decode to the same key.
        String doubled = path.replace("/%2F", "//").replace("/%2f", "//");
        if (!doubled.equals(path)) {
            candidates.add(doubled);
        }
        return candidates;
    }

    private static List<Boolean> plusCandidates(QueryParams query) {
        return query.hasRawPlus() ? List.of(true, false) : List.of(true);
    }

    private static String required(QueryParams query, String name) {
        return query.first(name).orElseThrow(() -> new S3Exception(
                S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, QUERY_PARAMETERS_REQUIRED));
    }

    private static long parseExpires(String text) {
        long expires;
        try {
            expires = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires should be a number");
        }
        if (expires < 1) {
            throw new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires must be non-negative and non-zero");
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            throw new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return expires;
    }
}
