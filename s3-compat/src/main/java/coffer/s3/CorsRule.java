package coffer.s3;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One CORS rule of a bucket. Origins may hold one {@code *} wildcard each, as may allowed headers; methods are
 * GET, PUT, POST, DELETE and HEAD. Immutable.
 */
record CorsRule(Optional<String> id, List<String> allowedOrigins, List<String> allowedMethods,
                       List<String> allowedHeaders, List<String> exposeHeaders, Optional<Integer> maxAgeSeconds) {

    public CorsRule {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = List.copyOf(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    public boolean allowsOrigin(String origin) {
        return allowedOrigins.stream().anyMatch(pattern -> wildcard(pattern, origin, false));
    }

    public boolean allowsMethod(String method) {
        return allowedMethods.contains(method);
    }

    /** Every requested header must match an allowed header (case-insensitively, wildcards allowed). */
    public boolean allowsHeaders(List<String> requested) {
        return requested.stream().allMatch(h -> allowedHeaders.stream().anyMatch(p -> wildcard(p, h, true)));
    }

    /** {@code *} when the matching origin pattern is a lone {@code *}, else the request's origin. */
    public String allowOriginValue(String origin) {
        return allowedOrigins.contains("*") ? "*" : origin;
    }

    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(v);
        }
        String head = p.substring(0, star);
        String tail = p.substring(star + 1);
        return v.length() >= head.length() + tail.length() && v.startsWith(head) && v.endsWith(tail);
    }
}
