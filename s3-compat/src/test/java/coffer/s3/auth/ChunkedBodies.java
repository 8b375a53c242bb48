package coffer.s3.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes aws-chunked bodies for tests, straight from the AWS documents and independently of the production
 * decoder and {@link ChunkSigner}, so that a shared mistake cannot make both agree.
 */
public final class ChunkedBodies {
    public static final String AMZ_DATE = "20130524T000000Z";
    public static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    public static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final HexFormat HEX = HexFormat.of();

    private ChunkedBodies() {
    }

    /** The S3 signing key of {@link #SECRET} for 20130524/us-east-1. */
    public static byte[] exampleSigningKey() {
        byte[] k = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), "20130524");
        k = hmac(k, "us-east-1");
        k = hmac(k, "s3");
        return hmac(k, "aws4_request");
    }

    /**
     * A signed body: chunks of {@code chunkSize}, the final empty chunk, and, when {@code trailer} is not null
     * (a line such as {@code x-amz-checksum-crc32c:sOO8/Q==}), the trailer and its signature.
     */
    public static byte[] signed(byte[] payload, int chunkSize, byte[] signingKey, String seed, String trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = seed;
        int offset = 0;
        while (true) {
            int n = Math.min(chunkSize, payload.length - offset);
            String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + AMZ_DATE + "\n" + SCOPE + "\n" + previous + "\n"
                    + sha256Hex(new byte[0]) + "\n" + sha256Hex(java.util.Arrays.copyOfRange(payload, offset, offset + n));
            previous = HEX.formatHex(hmac(signingKey, toSign));
            write(out, Integer.toHexString(n) + ";chunk-signature=" + previous + "\r\n");
            out.write(payload, offset, n);
            if (n == 0) {
                break;
            }
            write(out, "\r\n");
            offset += n;
        }
        if (trailer != null) {
            String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + AMZ_DATE + "\n" + SCOPE + "\n" + previous + "\n"
                    + sha256Hex((trailer + "\n").getBytes(StandardCharsets.UTF_8));
            write(out, trailer + "\r\n");
            write(out, "x-amz-trailer-signature:" + HEX.formatHex(hmac(signingKey, toSign)) + "\r\n");
        }
        write(out, "\r\n");
        return out.toByteArray();
    }

    /** The STREAMING-UNSIGNED-PAYLOAD-TRAILER form; {@code finalCrlf} false ends the body right after the trailer. */
    public static byte[] unsignedTrailer(byte[] payload, int chunkSize, String trailer, boolean finalCrlf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < payload.length; offset += chunkSize) {
            int n = Math.min(chunkSize, payload.length - offset);
            write(out, Integer.toHexString(n) + "\r\n");
            out.write(payload, offset, n);
            write(out, "\r\n");
        }
        write(out, "0\r\n");
        if (trailer != null) {
            write(out, trailer + "\r\n");
        }
        if (finalCrlf) {
            write(out, "\r\n");
        }
        return out.toByteArray();
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
