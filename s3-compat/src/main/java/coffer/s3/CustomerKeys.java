package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.blob.CustomerKey;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * SSE-C on the wire: reads the {@code x-amz-server-side-encryption-customer-*} headers (or their
 * {@code x-amz-copy-source-} forms) into a {@link CustomerKey} and echoes the algorithm and key MD5 on responses
 * ({@link coffer.s3.EngineErrors} maps the engine's {@code CustomerKeyException}). The key itself is never
 * echoed, logged or put in a message.
 * Stateless; thread-safe.
 */
final class CustomerKeys {
    static final String ALGORITHM = "x-amz-server-side-encryption-customer-algorithm";
    static final String KEY = "x-amz-server-side-encryption-customer-key";
    static final String KEY_MD5 = "x-amz-server-side-encryption-customer-key-MD5";
    static final String COPY_SOURCE = "x-amz-copy-source-";
    static final String AES256 = "AES256";

    private CustomerKeys() {
    }

    /** The request's customer key, if it names one; InvalidArgument when the headers are incomplete or wrong. */
    public static Optional<CustomerKey> fromRequest(RequestContext ctx) {
        return parse(ctx::header, "");
    }

    /** The customer key named by the fields of a POST form (lower-case names). */
    static Optional<CustomerKey> fromFields(java.util.Map<String, String> fields) {
        return parse(name -> fields.get(name.toLowerCase(java.util.Locale.ROOT)), "");
    }

    /** The customer key of the copy source ({@code x-amz-copy-source-server-side-encryption-customer-*}). */
    public static Optional<CustomerKey> fromCopySource(RequestContext ctx) {
        return parse(ctx::header, COPY_SOURCE);
    }

    /** {@code prefix} is "" or {@link #COPY_SOURCE}, which replaces the leading {@code x-amz-} of the names. */
    private static Optional<CustomerKey> parse(java.util.function.UnaryOperator<String> lookup, String prefix) {
        String algorithmHeader = named(prefix, ALGORITHM);
        String keyHeader = named(prefix, KEY);
        String md5Header = named(prefix, KEY_MD5);
        String algorithm = lookup.apply(algorithmHeader);
        String key = lookup.apply(keyHeader);
        String md5 = lookup.apply(md5Header);
        if (algorithm == null && key == null && md5 == null) {
            return Optional.empty();
        }
        if (algorithm == null || !algorithm.trim().equals(AES256)) {
            throw invalid(algorithmHeader, "The requested encryption algorithm is not valid, must be AES256.");
        }
        if (key == null) {
            throw invalid(keyHeader, "Requests specifying Server Side Encryption with Customer provided keys "
                    + "must provide an appropriate secret key.");
        }
        if (md5 == null) {
            throw invalid(md5Header, "Requests specifying Server Side Encryption with Customer provided keys "
                    + "must provide the client calculated MD5 of the secret key.");
        }
        byte[] raw = decode(key.trim());
        try {
            if (raw == null || raw.length != CustomerKey.LENGTH) {
                throw invalid(keyHeader, "The secret key was invalid for the specified algorithm.");
            }
            CustomerKey customerKey = new CustomerKey(raw);
            byte[] given = decode(md5.trim());
            byte[] actual = Base64.getDecoder().decode(customerKey.md5Base64());
            if (given == null || !MessageDigest.isEqual(given, actual)) {
                throw invalid(md5Header, "The calculated MD5 hash of the key did not match the hash that "
                        + "was provided.");
            }
            return Optional.of(customerKey);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** Adds the SSE-C response headers (algorithm and key MD5) when {@code key} is present. */
    public static S3Response echo(S3Response response, Optional<CustomerKey> key) {
        key.ifPresent(k -> response.header(ALGORITHM, AES256).header(KEY_MD5, k.md5Base64()));
        return response;
    }

    private static String named(String prefix, String header) {
        return prefix.isEmpty() ? header : prefix + header.substring("x-amz-".length());
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The argument value is deliberately not included: it may be the key. */
    private static S3Exception invalid(String header, String message) {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message, java.util.Map.of("ArgumentName", header),
                null);
    }
}
