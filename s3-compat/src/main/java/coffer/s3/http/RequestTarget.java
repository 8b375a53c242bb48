package coffer.s3.http;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bucket and key a request addresses, worked out from the Host header (virtual-hosted style, when the host is
 * a subdomain of the configured domain) or from the first path segment (path style). The key is the rest of the
 * RAW path, percent-decoded exactly once, so {@code a%2Fb}, {@code //}, {@code ..} and {@code +} survive unchanged.
 */
public record RequestTarget(String bucket, String key) {
    private static final Pattern LEGACY_BUCKET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    /** No bucket: the service itself ({@code GET /}). */
    public boolean isService() {
        return bucket == null;
    }

    public boolean hasKey() {
        return key != null;
    }

    /**
     * @param rawPath the raw request path, starting with {@code /}
     * @param host    the Host header, may be null
     * @param domain  the configured base domain for virtual-hosted style, may be empty
     */
    public static RequestTarget of(String rawPath, String host, Optional<String> domain) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The request path must start with /");
        }
        Optional<String> hostedBucket = virtualHostBucket(host, domain);
        if (hostedBucket.isPresent()) {
            String rawKey = rawPath.substring(1);
            return new RequestTarget(addressable(hostedBucket.get()), rawKey.isEmpty() ? null : decodeKey(rawKey));
        }
        String rest = rawPath.substring(1);
        if (rest.isEmpty()) {
            return new RequestTarget(null, null);
        }
        int slash = rest.indexOf('/');
        String bucket = PercentCodec.decode(slash < 0 ? rest : rest.substring(0, slash), false);
        String rawKey = slash < 0 ? "" : rest.substring(slash + 1);
        return new RequestTarget(addressable(bucket), rawKey.isEmpty() ? null : decodeKey(rawKey));
    }

    /**
     * {@code name}, if some bucket could ever carry it: at most 255 of ASCII letters, digits, {@code .}, {@code -}
     * and {@code _} (the widest rule S3 ever had, us-east-1's legacy one; buckets created here follow the strict
     * rule of {@code BucketNames}). Anything else is refused with InvalidBucketName before it reaches the catalog,
     * whose name column cannot even compare, say, a non-ASCII name (that was a 500).
     */
    public static String addressable(String name) {
        if (!LEGACY_BUCKET_NAME.matcher(name).matches()) {
            throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME, S3ErrorCode.INVALID_BUCKET_NAME.defaultMessage(),
                    Map.of("BucketName", name), null);
        }
        return name;
    }

    private static String decodeKey(String rawKey) {
        return PercentCodec.decode(rawKey, false);
    }

    /** The bucket named by a virtual-hosted-style Host header ({@code bucket.DOMAIN[:port]}), if it is one. */
    public static Optional<String> virtualHostBucket(String host, Optional<String> domain) {
        if (host == null || domain.isEmpty() || domain.get().isEmpty()) {
            return Optional.empty();
        }
        String name = stripPort(host).toLowerCase(Locale.ROOT);
        String base = domain.get().toLowerCase(Locale.ROOT);
        if (name.length() > base.length() + 1 && name.endsWith("." + base)) {
            return Optional.of(name.substring(0, name.length() - base.length() - 1));
        }
        return Optional.empty();
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
