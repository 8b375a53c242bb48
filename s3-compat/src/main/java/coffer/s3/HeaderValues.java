package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Map;

/**
 * Checks values that become response headers before any HTTP framework sees them: the {@code response-*}
 * overrides of a GetObject and the stored content headers. A value Jersey or Jetty cannot parse or write (a
 * {@code Content-Type} that is not a media type, a line break smuggled in through the query string) used to fail
 * inside the framework, as a 500 whose log line held the request URI with its signature. Stateless.
 */
final class HeaderValues {
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

    /** RFC 9110 media-type ({@link MediaTypeSyntax}); null (an object stored without one) is none. */
    static boolean isMediaType(String value) {
        return value != null && MediaTypeSyntax.isValid(value);
    }
}
