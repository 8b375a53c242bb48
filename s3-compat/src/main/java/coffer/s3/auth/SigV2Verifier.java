package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.PercentCodec;
import coffer.s3.http.QueryParams;
import coffer.s3.http.RequestTarget;
import coffer.s3.http.S3Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies AWS Signature Version 2, in the Authorization header ({@code AWS AccessKeyId:Signature}) or in the
 * query string ({@code AWSAccessKeyId}, {@code Expires}, {@code Signature}).
 *
 * <p>Order of checks, header form: 1. parse the header; 2. the request time ({@code x-amz-date}, else
 * {@code Date}) within 15 minutes of the clock; 3. the access key; 4. the signature. Query form: 1. the three
 * parameters; 2. {@code Expires} at most 7 days ahead, not past; 3. the access key; 4. the signature.
 *
 * <p>The CanonicalizedResource is {@code /bucket/key} as sent. A virtual-hosted-style request ({@code Host:
 * bucket.DOMAIN}) signs {@code /bucket} before its path, so the verifier needs the configured domain. Clients
 * disagree on details that each need the secret to sign, so the verifier tries the readings below and accepts
 * the first that matches; none weakens the check:
 * <ul>
 *   <li>sub-resources: AWS's full list only (see {@link SigV2StringToSign}). s3cmd's shorter list gives the same
 *       resource whenever the query holds no sub-resource outside it; when it does (tagging, response-*, ...),
 *       accepting s3cmd's reading would leave that sub-resource unsigned, so such a request is refused, as AWS
 *       refuses it;</li>
 *   <li>sub-resource values decoded (AWS's rule) or as sent (s3cmd signs them encoded);</li>
 *   <li>the path as sent, or re-encoded by AWS's rules (as for SigV4); for a path-style bucket request
 *       {@code /bucket}, also {@code /bucket/} (botocore's reading);</li>
 *   <li>with {@code x-amz-date}: the Date line empty (AWS's rule, s3cmd, boto), or holding the x-amz-date
 *       value with that header left out of the amz headers (what AWS's published Delete example signs), or
 *       holding the Date header.</li>
 * </ul>
 * Thread-safe; stateless apart from its collaborators.
 */
final class SigV2Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(SigV2Verifier.class);
    private static final String QUERY_PARAMETERS_REQUIRED =
            "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters";

    private final CredentialLookup lookup;
    private final Clock clock;
    private final Optional<String> domain;

    SigV2Verifier(CredentialLookup lookup, Clock clock, Optional<String> domain) {
        this.lookup = lookup;
        this.clock = clock;
        this.domain = domain;
    }

    Credential verifyHeader(S3Request request, QueryParams query) {
        String value = request.header("Authorization").trim().substring("AWS ".length()).trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
        }
        String accessKeyId = value.substring(0, colon);
        String signature = value.substring(colon + 1);
        String amzDate = request.header("x-amz-date");
        String date = request.header("Date");
        String timeText = amzDate != null ? amzDate : date;
        Instant time = (timeText == null ? Optional.<Instant>empty() : AmzDate.parseLenient(timeText))
                .orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_DENIED,
                        "AWS authentication requires a valid Date or x-amz-date header"));
        Instant now = clock.instant();
        if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, S3ErrorCode.REQUEST_TIME_TOO_SKEWED
                    .defaultMessage(), Map.of("RequestTime", timeText.trim(), "ServerTime",
                    AmzDate.format(now), "MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis())), null);
        }
        List<DateLine> dateLines = new ArrayList<>();
        if (amzDate != null) {
            dateLines.add(new DateLine("", false));
            // AWS's own Delete example signs the x-amz-date value in the Date position and not as a header.
            dateLines.add(new DateLine(amzDate.strip(), true));
        }
        if (date != null) {
            dateLines.add(new DateLine(date.strip(), false));
        }
        return verify(request, query, accessKeyId, signature, dateLines);
    }

    Credential verifyPresigned(S3Request request, QueryParams query) {
        String accessKeyId = required(query, "AWSAccessKeyId");
        String expiresText = required(query, "Expires");
        // A literal '+' in the signature is a client that did not encode it, never a space: base64 has none.
        String signature = rawRequired(query, "Signature");
        long expires;
        try {
            expires = Long.parseLong(expiresText.trim());
        } catch (NumberFormatException e) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid date (should be seconds since epoch): "
                    + expiresText);
        }
        Instant now = clock.instant();
        // AWS sets no bound; a SigV4 presigned URL lives at most 7 days, and so does this one (give or take the
        // clock skew: the client computed Expires from its own clock).
        if (expires - now.getEpochSecond() > SigV4Verifier.MAX_EXPIRES_SECONDS + MAX_SKEW.toSeconds()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Expires must be at most 604800 seconds (7 days)"
                    + " ahead of the server time " + AmzDate.format(now));
        }
        if (now.getEpochSecond() > expires) {
            throw new S3Exception(S3ErrorCode.REQUEST_EXPIRED, S3ErrorCode.REQUEST_EXPIRED.defaultMessage(),
                    Map.of("Expires", AmzDate.format(Instant.ofEpochSecond(expires)), "ServerTime",
                            AmzDate.format(now)), null);
        }
        return verify(request, query, accessKeyId, signature, List.of(new DateLine(expiresText.trim(), false)));
    }

    /** What fills the Date line, and whether the x-amz-date header then stays out of the amz headers. */
    private record DateLine(String value, boolean withoutAmzDateHeader) {
    }

    private Credential verify(S3Request request, QueryParams query, String accessKeyId, String signature, List<DateLine> dateLines) {
        Credential credential = lookup.find(accessKeyId).orElseThrow(() -> new S3Exception(
                S3ErrorCode.INVALID_ACCESS_KEY_ID, S3ErrorCode.INVALID_ACCESS_KEY_ID.defaultMessage(),
                Map.of("AWSAccessKeyId", accessKeyId), null));
        String amzHeaders = SigV2StringToSign.amzHeaders(request, Set.of());
        String amzHeadersWithoutDate = SigV2StringToSign.amzHeaders(request, Set.of("x-amz-date"));
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        Set<String> tried = new LinkedHashSet<>();
        for (String resource : resourceCandidates(request, query)) {
            for (DateLine dateLine : dateLines) {
                String stringToSign = SigV2StringToSign.of(request.method(), request.header("Content-MD5"),
                        request.header("Content-Type"), dateLine.value(),
                        dateLine.withoutAmzDateHeader() ? amzHeadersWithoutDate : amzHeaders, resource);
                if (!tried.add(stringToSign)) {
                    continue;
                }
                String expected = SigV2StringToSign.signature(credential.secretKey(), stringToSign);
                if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given)) {
                    return credential;
                }
            }
        }
        if (LOG.isDebugEnabled()) {
            // The string to sign holds no secret (AWS returns it in SignatureDoesNotMatch errors).
            LOG.debug("SigV2 signature mismatch for access key {}; string to sign:\n{}", accessKeyId,
                    tried.iterator().next());
        }
        throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, S3ErrorCode.SIGNATURE_DOES_NOT_MATCH
                .defaultMessage(), Map.of("AWSAccessKeyId", accessKeyId), null);
    }

    private Set<String> resourceCandidates(S3Request request, QueryParams query) {
        String rawPath = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        Optional<String> hostedBucket = RequestTarget.virtualHostBucket(request.header("Host"), domain);
        Set<String> resources = new LinkedHashSet<>();
        List<String> paths = new java.util.ArrayList<>(List.of(rawPath, PercentCodec.normalizePath(rawPath)));
        if (hostedBucket.isEmpty() && rawPath.length() > 1 && rawPath.indexOf('/', 1) < 0) {
            // A path-style request to a bucket: botocore signs "/bucket/" (what the same request virtual-hosted
            // signs) while it sends "/bucket". The same resource, so nothing goes unsigned.
            paths.add(rawPath + "/");
        }
        for (String path : paths) {
            String signedPath = hostedBucket.map(bucket -> "/" + bucket + path).orElse(path);
            resources.add(SigV2StringToSign.resource(signedPath, query, SigV2StringToSign.SUB_RESOURCES, true));
            resources.add(SigV2StringToSign.resource(signedPath, query, SigV2StringToSign.SUB_RESOURCES, false));
        }
        return resources;
    }

    private static String required(QueryParams query, String name) {
        return query.first(name).orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_DENIED,
                QUERY_PARAMETERS_REQUIRED));
    }

    private static String rawRequired(QueryParams query, String name) {
        for (QueryParams.Pair pair : query.pairs()) {
            if (pair.name().equals(name)) {
                return new String(PercentCodec.decodeBytes(pair.rawValue(), false), StandardCharsets.UTF_8);
            }
        }
        throw new S3Exception(S3ErrorCode.ACCESS_DENIED, QUERY_PARAMETERS_REQUIRED);
    }
}
