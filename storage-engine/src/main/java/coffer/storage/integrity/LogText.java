package coffer.storage.integrity;

/**
 * Bucket names and keys as they go into a log line: quoted, with control characters escaped, so that a key holding
 * a line break cannot forge a log line. Stateless.
 */
final class LogText {
    private LogText() {
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
