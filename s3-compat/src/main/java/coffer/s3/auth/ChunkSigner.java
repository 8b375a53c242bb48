package coffer.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Hex;

/**
 * The signature chain of an aws-chunked body (AWS "Transferring Payload in Multiple Chunks" and "Including
 * Trailing Headers"): chunk n is signed over the signature of chunk n-1, starting from the seed signature of
 * the request, so chunks can be neither altered, dropped nor reordered. String to sign of a chunk:
 * <pre>
 * AWS4-HMAC-SHA256-PAYLOAD \n amzDate \n scope \n previousSignature \n hex(sha256("")) \n hex(sha256(chunk))
 * </pre>
 * and of the trailer: {@code AWS4-HMAC-SHA256-TRAILER \n amzDate \n scope \n previousSignature \n
 * hex(sha256(trailerLines))}, each trailer line being {@code name:value\n}.
 *
 * <p>Not thread-safe: it advances along the chain. One instance per request. Holds the signing key: never
 * log it, and it prints nothing of it.
 */
final class ChunkSigner {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private String previous;
    /** Keyed once per request (a provider look-up and key schedule per chunk were measurable on large PUTs). */
    private Mac mac;

    /**
     * @param signingKey the SigV4 signing key of the request's credential scope
     * @param amzDate    the request's timestamp, {@code yyyyMMdd'T'HHmmss'Z'}
     * @param scope      {@code date/region/s3/aws4_request}
     * @param seed       the request's own (already verified) signature, lower-case hex
     */
    public ChunkSigner(byte[] signingKey, String amzDate, String scope, String seed) {
        this.signingKey = signingKey.clone();
        this.amzDate = amzDate;
        this.scope = scope;
        this.previous = seed;
    }

    /** The signature of the next chunk, given the SHA-256 of its data; advances the chain. */
    public String nextChunkSignature(byte[] chunkSha256) {
        String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + EMPTY_SHA256 + "\n" + Hex.encodeHexString(chunkSha256);
        previous = hmacHex(toSign);
        return previous;
    }

    /** The trailer signature over the canonical trailer lines ({@code name:value\n} each); advances the chain. */
    public String nextTrailerSignature(String canonicalTrailerLines) {
        String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + sha256Hex(canonicalTrailerLines);
        previous = hmacHex(toSign);
        return previous;
    }

    /** Constant-time comparison of an expected lower-case hex signature with what the client sent. */
    static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private String hmacHex(String data) {
        try {
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            }
            // doFinal resets the Mac to its key, ready for the next chunk.
            return Hex.encodeHexString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
    }

    private static String sha256Hex(String data) {
        BodyDigest digest = BodyDigest.of("SHA-256");
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        digest.update(bytes, 0, bytes.length);
        return Hex.encodeHexString(digest.finish());
    }

    @Override
    public String toString() {
        return "ChunkSigner[scope=" + scope + "]";
    }
}
