package coffer.s3.auth;

import coffer.s3.http.PercentCodec;
import coffer.s3.http.QueryParams;
import coffer.s3.http.S3Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The SigV4 canonical request: method, canonical URI, canonical query, canonical headers, signed header names
 * and payload hash, one per line. The formats are AWS's and must never change.
 */
final class CanonicalRequest {
    private CanonicalRequest() {
    }

    static String of(String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
                     String signedHeaders, String payloadHash) {
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadHash;
    }

    /**
     * Each parameter's name and value percent-decoded, then encoded with AWS's rules, sorted by name then value,
     * joined with {@code &}; parameters named in {@code excluded} (decoded names) are left out.
     *
     * <p>A raw {@code +}: the AWS SDKs and the AWS CLI never send one for a space (they send {@code %20}, and
     * {@code %2B} for a plus), so it only comes from clients that form-encode. {@code plusAsSpace} lets the
     * verifier try both readings; see {@link SigV4Verifier}.
     */
    static String canonicalQuery(QueryParams query, Set<String> excluded, boolean plusAsSpace) {
        List<String[]> encoded = new ArrayList<>();
        for (QueryParams.Pair pair : query.pairs()) {
            if (!excluded.isEmpty() && excluded.contains(pair.name())) {
                continue;
            }
            encoded.add(new String[] {
                PercentCodec.encode(PercentCodec.decodeBytes(pair.rawName(), plusAsSpace)),
                PercentCodec.encode(PercentCodec.decodeBytes(pair.rawValue(), plusAsSpace))});
        }
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /**
     * {@code name:value\n} for each signed header in the order given: lower-case name, every value trimmed with
     * inner runs of spaces and tabs folded to one space, several values joined with {@code ,}. A signed header
     * the request lacks contributes an empty value (and the signature will not match).
     */
    static String canonicalHeaders(S3Request request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            out.append(name).append(':');
            List<String> values = request.headers(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(fold(values.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String fold(String value) {
        return value.strip().replaceAll("[ \\t]+", " ");
    }
}
