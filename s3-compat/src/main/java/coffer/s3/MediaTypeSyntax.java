package coffer.s3;

/**
 * Whether a text is a media type as HTTP defines it (RFC 9110 8.3.1): {@code type "/" subtype *( OWS ";" OWS
 * [ name "=" ( token / quoted-string ) ] )}, in US-ASCII. A stored object's Content-Type is sent back as a
 * response header, and the HTTP layer (Jersey) refuses to write one it cannot parse, so every later GET or HEAD
 * of an object stored with a malformed one would fail; a PUT's header is parsed by the HTTP layer before Coffer
 * sees it, a POST form's field is checked here. Stateless.
 */
final class MediaTypeSyntax {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private MediaTypeSyntax() {
    }

    public static boolean isValid(String text) {
        String s = text.strip();
        int i = token(s, 0);
        if (i == 0 || i >= s.length() || s.charAt(i) != '/') {
            return false;
        }
        int end = token(s, i + 1);
        if (end == i + 1) {
            return false;
        }
        i = end;
        while (true) {
            i = whitespace(s, i);
            if (i == s.length()) {
                return true;
            }
            if (s.charAt(i) != ';') {
                return false;
            }
            i = whitespace(s, i + 1);
            if (i == s.length() || s.charAt(i) == ';') {
                continue;
            }
            int nameEnd = token(s, i);
            if (nameEnd == i || nameEnd >= s.length() || s.charAt(nameEnd) != '=') {
                return false;
            }
            i = nameEnd + 1;
            int valueEnd = i < s.length() && s.charAt(i) == '"' ? quoted(s, i) : token(s, i);
            if (valueEnd <= i) {
                return false;
            }
            i = valueEnd;
        }
    }

    /** The index after the token starting at {@code from} ({@code from} itself if there is none). */
    private static int token(String s, int from) {
        int i = from;
        while (i < s.length() && isTokenChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after the quoted string starting at {@code from}, or -1 if it is not one. */
    private static int quoted(String s, int from) {
        int i = from + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
                if (i >= s.length() || !isTextChar(s.charAt(i))) {
                    return -1;
                }
            } else if (!isTextChar(c)) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static int whitespace(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || TOKEN_SYMBOLS.indexOf(c) >= 0;
    }

    /** Visible US-ASCII, space or tab. */
    private static boolean isTextChar(char c) {
        return c == '\t' || c >= ' ' && c <= '~';
    }
}
