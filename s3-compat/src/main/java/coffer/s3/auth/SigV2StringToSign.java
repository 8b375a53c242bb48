package coffer.s3.auth;

import coffer.s3.http.QueryParams;
import coffer.s3.http.S3Request;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of an AWS Signature Version 2 string to sign, and the signature itself:
 * {@code VERB \n Content-MD5 \n Content-Type \n Date-or-Expires \n CanonicalizedAmzHeaders CanonicalizedResource},
 * signed as base64(HMAC-SHA1(secret, string)). The formats are AWS's and must never change. Stateless.
 */
final class SigV2StringToSign {
    /**
     * The sub-resources AWS's SigV2 page lists, the ones the AWS SDKs added later (tagging, cors, delete,
     * restore, ...) and the response header overrides. A client signs those of them it knows about.
     */
    static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "analytics", "cors", "delete",
            "encryption", "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "location", "logging",
            "metrics", "notification", "object-lock", "ownershipControls", "partNumber", "policy",
            "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "select-type",
            "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires");
    private SigV2StringToSign() {
    }

    static String of(String method, String contentMd5, String contentType, String date, String amzHeaders,
                     String resource) {
        return method + "\n" + nullToEmpty(contentMd5) + "\n" + nullToEmpty(contentType) + "\n" + date + "\n"
                + amzHeaders + resource;
    }

    /**
     * Every {@code x-amz-*} header: lower-case name, values trimmed with folded whitespace, several values joined
     * with {@code ,}, sorted by name, {@code name:value\n} each. {@code excluded} names (lower case) are left out.
     */
    static String amzHeaders(S3Request request, Set<String> excluded) {
        Map<String, String> sorted = new TreeMap<>();
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !excluded.contains(lower)) {
                List<String> values = new ArrayList<>();
                for (String value : request.headers(name)) {
                    values.add(value.strip().replaceAll("\\s*\\r?\\n\\s*", " ").replaceAll("[ \\t]+", " "));
                }
                sorted.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        }
        StringBuilder out = new StringBuilder();
        sorted.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    /**
     * {@code path} (already {@code /bucket/key} as signed) followed by the sub-resources of the query that are in
     * {@code signed}, sorted by name, as {@code ?name} or {@code ?name=value}. {@code decodedValues}: AWS signs
     * values decoded, s3cmd signs them as it sends them (encoded).
     */
    static String resource(String path, QueryParams query, Set<String> signed, boolean decodedValues) {
        List<String[]> kept = new ArrayList<>();
        for (QueryParams.Pair pair : query.pairs()) {
            String name = pair.name();
            if (signed.contains(name)) {
                boolean hasValue = !pair.rawValue().isEmpty();
                kept.add(new String[] {name, hasValue ? (decodedValues ? pair.value() : pair.rawValue()) : null});
            }
        }
        kept.sort(Comparator.comparing(p -> p[0]));
        StringBuilder out = new StringBuilder(path);
        char separator = '?';
        for (String[] p : kept) {
            out.append(separator).append(p[0]);
            if (p[1] != null) {
                out.append('=').append(p[1]);
            }
            separator = '&';
        }
        return out.toString();
    }

    static String signature(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA1", e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
