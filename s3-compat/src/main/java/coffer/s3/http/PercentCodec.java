package coffer.s3.http;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one percent codec of the S3 layer, for UTF-8 text in paths and queries:
 * <ul>
 *   <li>{@link #decode}: strict decoding of what a request addresses (a broken escape is InvalidURI);</li>
 *   <li>{@link #decodeBytes}, {@link #encode}, {@link #normalizePath}: AWS's URI encoding for signatures, on
 *       bytes, lenient, so that a signature is computed over exactly what the client sent;</li>
 *   <li>{@link #encodeForListing}: the {@code encoding-type=url} of listings.</li>
 * </ul>
 * Stateless.
 */
public final class PercentCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8. In a path {@code +} is a literal plus; in a query it is a space. A broken
     * escape or invalid UTF-8 is a client error, never silently repaired.
     */
    public static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw invalid();
                }
                int hi = hex(raw.charAt(i + 1));
                int lo = hex(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw invalid();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    /**
     * Percent-decodes {@code raw} to bytes, for signatures. A {@code %} not followed by two hex digits stays literal
     * (the client is broken, but its signature decides). {@code plusAsSpace} chooses the meaning of a raw {@code +}.
     */
    public static byte[] decodeBytes(String raw, boolean plusAsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 3;
            } else if (c == '+' && plusAsSpace) {
                out.write(' ');
                i++;
            } else {
                int end = i + Character.charCount(raw.codePointAt(i));
                out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toByteArray();
    }

    /**
     * AWS's URI encoding for SigV4: every byte except the unreserved {@code A-Z a-z 0-9 - _ . ~} becomes
     * {@code %XX} with upper-case hex (so a space is {@code %20}, never {@code +}). Works on bytes, so that a
     * decoded-then-encoded value keeps exactly the bytes the client meant even when they are not valid UTF-8.
     */
    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * The path as a careful client would have encoded it: unreserved characters, {@code /} and existing
     * {@code %XX} escapes (hex upper-cased) kept, everything else encoded. Used only as a second candidate
     * when the raw path does not verify, for clients that send characters such as {@code $} unencoded but
     * sign them encoded, as AWS's own PUT example does.
     */
    public static String normalizePath(String rawPath) {
        StringBuilder out = new StringBuilder(rawPath.length() + 16);
        int i = 0;
        while (i < rawPath.length()) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length() && hex(rawPath.charAt(i + 1)) >= 0
                    && hex(rawPath.charAt(i + 2)) >= 0) {
                out.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                        .append(Character.toUpperCase(rawPath.charAt(i + 2)));
                i += 3;
            } else if (c == '/' || isUnreserved(c)) {
                out.append(c);
                i++;
            } else {
                int end = i + Character.charCount(rawPath.codePointAt(i));
                out.append(encode(rawPath.substring(i, end).getBytes(StandardCharsets.UTF_8)));
                i = end;
            }
        }
        return out.toString();
    }

    /**
     * Encodes as S3 does for {@code encoding-type=url}: unreserved characters and {@code /} stay, everything else
     * becomes {@code %XX} of its UTF-8 bytes; a space is {@code %20} and a plus {@code %2B}, which every client
     * decodes the same way whether it uses form decoding (SDKs, rclone) or plain percent-decoding.
     */
    public static String encodeForListing(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c) || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** ASCII hex only: Character.digit would also accept other scripts' digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static S3Exception invalid() {
        return new S3Exception(S3ErrorCode.INVALID_URI, "The request URI contains an invalid percent-encoding");
    }
}
