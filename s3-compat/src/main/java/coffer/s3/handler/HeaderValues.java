package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Map;

/**
 * Checks values that become response headers before any HTTP framework sees them: the {@code response-*}
 * overrides of a GetObject and the stored content headers. A value Jersey or Jetty cannot parse or write (a
 * {@code Content-Type} that is not a media type, a line break smuggled in through the query string) used to fail
 * inside the framework, as a 500 whose log line held the request URI with its signature. Stateless.
 */
public final class HeaderValues {
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderValues() {
    }

    /** {@code value} as the value of header {@code name}, or InvalidArgument naming {@code argument}. */
    public static String require(String argument, String name, String value) {
        boolean valid = name.equalsIgnoreCase("Content-Type") ? isMediaType(value) : isFieldValue(value);
        if (!valid) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid value for " + argument,
                    Map.of("ArgumentName", argument), null);
        }
        return value;
    }

    /** RFC 9110 field-value: no control characters but horizontal tab (no CR, LF, NUL). */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 9110 media-type: {@code type "/" subtype *( OWS ";" OWS token "=" ( token / quoted-string ) )}, in
     * ASCII, with optional white space around the whole.
     */
    static boolean isMediaType(String value) {
        String s = value.strip();
        int[] at = {0};
        if (!token(s, at) || !expect(s, at, '/') || !token(s, at)) {
            return false;
        }
        while (true) {
            ows(s, at);
            if (at[0] == s.length()) {
                return true;
            }
            if (!expect(s, at, ';')) {
                return false;
            }
            ows(s, at);
            if (!token(s, at) || !expect(s, at, '=')) {
                return false;
            }
            if (!(at[0] < s.length() && s.charAt(at[0]) == '"' ? quoted(s, at) : token(s, at))) {
                return false;
            }
        }
    }

    private static boolean token(String s, int[] at) {
        int start = at[0];
        while (at[0] < s.length() && isTchar(s.charAt(at[0]))) {
            at[0]++;
        }
        return at[0] > start;
    }

    private static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || TCHAR_SYMBOLS.indexOf(c) >= 0;
    }

    private static boolean quoted(String s, int[] at) {
        at[0]++;
        while (at[0] < s.length()) {
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                if (at[0] == s.length()) {
                    return false;
                }
                c = s.charAt(at[0]++);
            }
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return false;
            }
        }
        return false;
    }

    private static boolean expect(String s, int[] at, char c) {
        if (at[0] < s.length() && s.charAt(at[0]) == c) {
            at[0]++;
            return true;
        }
        return false;
    }

    private static void ows(String s, int[] at) {
        while (at[0] < s.length() && (s.charAt(at[0]) == ' ' || s.charAt(at[0]) == '\t')) {
            at[0]++;
        }
    }
}
