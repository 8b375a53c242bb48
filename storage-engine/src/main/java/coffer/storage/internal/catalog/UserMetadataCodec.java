package coffer.storage.internal.catalog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code object.user_metadata} column format, version 1: {@code name=value} pairs joined by {@code &}, in
 * key order; names and values are UTF-8, percent-encoded except for {@code A-Z a-z 0-9 - . _ ~}, with upper-case
 * hex digits. An empty map is stored as NULL. The result is pure ASCII, so no collation can alter it.
 * Changing this format needs a migration that rewrites the column.
 */
final class UserMetadataCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UserMetadataCodec() {
    }

    static String encode(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        metadata.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            escape(name, out);
            out.append('=');
            escape(value, out);
        });
        return out.toString();
    }

    static Map<String, String> decode(String column) {
        Map<String, String> result = new LinkedHashMap<>();
        if (column == null || column.isEmpty()) {
            return result;
        }
        for (String pair : column.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("malformed user metadata column");
            }
            result.put(unescape(pair.substring(0, eq)), unescape(pair.substring(eq + 1)));
        }
        return result;
    }

    private static void escape(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    private static String unescape(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalStateException("malformed user metadata column");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalStateException("malformed user metadata column");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
