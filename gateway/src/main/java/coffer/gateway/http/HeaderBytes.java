package coffer.gateway.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Jetty reads and writes header values as ISO-8859-1, one character per byte. Clients send non-ASCII values
 * (say {@code x-amz-meta-name: é}) as UTF-8 bytes and sign those bytes, so values are re-decoded as UTF-8 when the
 * bytes are valid UTF-8, and written back as their UTF-8 bytes. Stateless.
 */
final class HeaderBytes {
    private HeaderBytes() {
    }

    /** The value as the client meant it: its ISO-8859-1 characters taken as bytes and decoded as UTF-8. */
    static String fromWire(String value) {
        if (value == null || isAscii(value)) {
            return value;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return value;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return value; // not UTF-8: keep the bytes as they came
        }
    }

    /** The value Jetty must write so that the wire carries its UTF-8 bytes. */
    static String toWire(String value) {
        return value == null || isAscii(value) ? value
                : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
