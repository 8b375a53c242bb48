package coffer.s3.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON (RFC 8259) reader for POST policy documents and bucket policies: objects become {@code Map<String, Object>} (in
 * document order; a repeated name keeps its last value), arrays {@code List<Object>}, strings {@code String},
 * numbers {@link BigDecimal}, {@code true}/{@code false} {@code Boolean}, and {@code null} {@link #NULL}.
 * Everything is bounded, so that a hostile document (parsed only once its signature holds, but still) costs
 * little: the text ({@value #MAX_TEXT_CHARS} chars), the nesting ({@value #MAX_DEPTH}), each number's digits
 * (64 chars) and its exponent (|scale| at most {@value #MAX_SCALE}, so that its plain form, which
 * {@link BigDecimal#toPlainString()} writes out digit by digit, stays short: {@code 1e999999999} would be a
 * gigabyte). Stateless.
 */
public final class Json {
    /** The JSON {@code null}, distinct from "absent". */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT_CHARS = 64 * 1024;
    private static final int MAX_SCALE = 64;

    /** Thrown for any text that is not one JSON value. */
    public static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message, int position) {
            super(message + " at offset " + position);
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    public static Object parse(String text) throws MalformedJsonException {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new MalformedJsonException("document too long", MAX_TEXT_CHARS);
        }
        Json reader = new Json(text);
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw new MalformedJsonException("trailing characters", reader.pos);
        }
        return value;
    }

    private Object value(int depth) throws MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nested too deeply", pos);
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw new MalformedJsonException("unexpected end", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) throws MalformedJsonException {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new MalformedJsonException("expected a member name", pos);
            }
            String name = string();
            skipWhitespace();
            expect(':');
            map.put(name, value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return Collections.unmodifiableMap(map);
            }
        }
    }

    private List<Object> array(int depth) throws MalformedJsonException {
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return Collections.unmodifiableList(list);
            }
        }
    }

    private String string() throws MalformedJsonException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new MalformedJsonException("control character in string", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw new MalformedJsonException("truncated \\u escape", pos);
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new MalformedJsonException("bad \\u escape", pos);
                    }
                    pos += 4;
                }
                default -> throw new MalformedJsonException("bad escape", pos - 1);
            }
        }
        throw new MalformedJsonException("unterminated string", pos);
    }

    private BigDecimal number() throws MalformedJsonException {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        // BigDecimal accepts forms JSON does not (leading '+', "1."), which is harmless for a policy.
        if (token.isEmpty() || token.length() > 64) {
            throw new MalformedJsonException("unexpected character", start);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(token);
        } catch (NumberFormatException e) {
            throw new MalformedJsonException("bad number", start);
        }
        if (Math.abs(number.scale()) > MAX_SCALE) {
            throw new MalformedJsonException("number out of range", start);
        }
        return number;
    }

    private Object literal(String word, Object value) throws MalformedJsonException {
        if (!text.startsWith(word, pos)) {
            throw new MalformedJsonException("unexpected character", pos);
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws MalformedJsonException {
        if (peek() != c) {
            throw new MalformedJsonException("expected '" + c + "'", pos);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }
}
