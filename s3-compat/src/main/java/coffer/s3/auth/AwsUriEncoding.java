package coffer.s3.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * AWS's URI encoding for SigV4: every byte except the unreserved {@code A-Z a-z 0-9 - _ . ~} becomes
 * {@code %XX} with upper-case hex (so a space is {@code %20}, never {@code +}). Works on bytes, so that a
 * decoded-then-encoded value keeps exactly the bytes the client meant even when they are not valid UTF-8.
 */
final class AwsUriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AwsUriEncoding() {
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    static String encode(byte[] bytes) {
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
     * Percent-decodes {@code raw} to bytes. A {@code %} not followed by two hex digits stays literal (the client
     * is broken, but its signature decides). {@code plusAsSpace} chooses the meaning of a raw {@code +}.
     */
    static byte[] decode(String raw, boolean plusAsSpace) {
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

    static String decodeToString(String raw) {
        return new String(decode(raw, true), StandardCharsets.UTF_8);
    }

    /**
     * The path as a careful client would have encoded it: unreserved characters, {@code /} and existing
     * {@code %XX} escapes (hex upper-cased) kept, everything else encoded. Used only as a second candidate
     * when the raw path does not verify, for clients that send characters such as {@code $} unencoded but
     * sign them encoded, as AWS's own PUT example does.
     */
    static String normalizePath(String rawPath) {
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
}
