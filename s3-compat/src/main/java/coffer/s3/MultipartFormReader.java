package coffer.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A streaming reader of a {@code multipart/form-data} body (RFC 7578 / RFC 2046): {@link #next()} moves to the
 * next part and returns its headers, {@link #body()} streams that part's content up to (not including) the next
 * delimiter. Nothing is buffered beyond one window of {@value #WINDOW} bytes, so a file part of any size streams
 * through. Part headers are bounded by the byte budget given at construction, shared by all parts; the caller
 * bounds field values itself.
 *
 * <p>Lenient where browsers and libraries differ: a preamble before the first delimiter, transport padding after
 * a delimiter, and bare {@code \n} line ends in part headers are accepted. Malformed framing (no delimiter, a body
 * that ends inside a part, a header line without a colon) throws {@link MalformedFormException}.
 *
 * <p>Not thread-safe: one reader serves one request.
 */
final class MultipartFormReader {
    static final int WINDOW = 64 * 1024;

    /** The headers of one part that matter to S3: its field name, file name and content type. */
    record Part(String name, Optional<String> filename, Optional<String> contentType) {
    }

    /** The body is not well-formed multipart/form-data. */
    static class MalformedFormException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedFormException(String message) {
            super(message);
        }
    }

    /** The part headers took more than the budget. */
    static final class HeadersTooLargeException extends MalformedFormException {
        private static final long serialVersionUID = 1L;

        HeadersTooLargeException() {
            super("part headers are too large");
        }
    }

    private final InputStream in;
    /** CRLF "--" boundary: the delimiter as it appears before every part but the first. */
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private int headerBudget;
    private boolean started;
    private boolean finished;
    private boolean inPart;

    /**
     * @param boundary     the boundary parameter of the Content-Type (1..70 characters)
     * @param headerBudget the most bytes all part headers together may take
     */
    MultipartFormReader(InputStream in, String boundary, int headerBudget) {
        if (boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("boundary must be 1..70 characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[WINDOW + delimiter.length];
        // A virtual CRLF before the body lets the first delimiter be found like every other one.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
        this.headerBudget = headerBudget;
    }

    /** Skips the rest of the current part and returns the next part's headers; empty after the last part. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        if (inPart || !started) {
            // Before the first part: the preamble is skipped as if it were a part's content.
            skipToDelimiter();
            started = true;
        }
        if (afterDelimiter()) {
            finished = true;
            inPart = false;
            return Optional.empty();
        }
        Part part = readHeaders();
        inPart = true;
        return Optional.of(part);
    }

    /** The content of the current part; it ends at the next delimiter. Valid until {@link #next()}. */
    InputStream body() {
        if (!inPart) {
            throw new IllegalStateException("no current part");
        }
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = readContent(b, off, len);
                return n == 0 ? -1 : n;
            }
        };
    }

    /**
     * Copies up to {@code len} content bytes of the current part; 0 means the part ended (the reader then stands
     * on its delimiter).
     */
    private int readContent(byte[] b, int off, int len) throws IOException {
        while (true) {
            int found = indexOfDelimiter();
            int safe = found >= 0 ? found - pos : Math.max(0, limit - pos - (delimiter.length - 1));
            if (safe > 0) {
                int n = Math.min(safe, len);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (found >= 0) {
                return 0;
            }
            if (eof) {
                throw new MalformedFormException("the body ends inside a part");
            }
            fill();
        }
    }

    private void skipToDelimiter() throws IOException {
        byte[] sink = new byte[8192];
        while (readContent(sink, 0, sink.length) > 0) {
            // discard
        }
        if (indexOfDelimiter() != pos) {
            throw new MalformedFormException("no multipart delimiter found");
        }
    }

    /** Consumes the delimiter at {@code pos} and what follows it; true if it was the closing one. */
    private boolean afterDelimiter() throws IOException {
        pos += delimiter.length;
        ensure(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return true;
        }
        // Transport padding (RFC 2046) then the line end.
        String line = readLine();
        if (!line.isBlank()) {
            throw new MalformedFormException("unexpected characters after a delimiter");
        }
        return false;
    }

    private Part readHeaders() throws IOException {
        String name = null;
        String filename = null;
        String contentType = null;
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedFormException("a part header line has no colon");
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = dispositionParameter(value, "name").orElse(null);
                filename = dispositionParameter(value, "filename").orElse(null);
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw new MalformedFormException("a part has no Content-Disposition name");
        }
        return new Part(name, Optional.ofNullable(filename), Optional.ofNullable(contentType));
    }

    /** One header line without its line end, as UTF-8 (browsers send field names and file names so). */
    private String readLine() throws IOException {
        int start = pos;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
                    charge(i + 1 - pos);
                    pos = i + 1;
                    return line;
                }
            }
            if (limit - pos > headerBudget) {
                throw new HeadersTooLargeException();
            }
            if (eof) {
                throw new MalformedFormException("the body ends inside part headers");
            }
            start = limit - pos;
            fill();
            start += pos;
        }
    }

    private void charge(int bytes) throws MalformedFormException {
        headerBudget -= bytes;
        if (headerBudget < 0) {
            throw new HeadersTooLargeException();
        }
    }

    private int indexOfDelimiter() {
        int last = limit - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void ensure(int bytes) throws IOException {
        while (limit - pos < bytes && !eof) {
            fill();
        }
    }

    /** Moves the unread bytes to the front and reads more; sets {@code eof} at the end of the stream. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new MalformedFormException("a part header line is too long");
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /**
     * A parameter of a Content-Disposition value ({@code form-data; name="key"; filename="a.txt"}): quoted (with
     * backslash escapes) or a bare token. Names match case-insensitively.
     */
    static Optional<String> dispositionParameter(String value, String parameter) {
        int i = value.indexOf(';');
        while (i >= 0) {
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String name = value.substring(i + 1, eq).trim();
            StringBuilder parsed = new StringBuilder();
            int j = eq + 1;
            boolean quoted = j < value.length() && value.charAt(j) == '"';
            if (quoted) {
                j++;
                while (j < value.length() && value.charAt(j) != '"') {
                    char c = value.charAt(j++);
                    // Browsers escape '"' as %22 and leave '\\' alone (WHATWG); RFC 2616 clients escape both.
                    if (c == '\\' && j < value.length() && (value.charAt(j) == '"' || value.charAt(j) == '\\')) {
                        c = value.charAt(j++);
                    }
                    parsed.append(c);
                }
                j++;
            } else {
                while (j < value.length() && value.charAt(j) != ';') {
                    parsed.append(value.charAt(j++));
                }
            }
            if (name.equalsIgnoreCase(parameter)) {
                return Optional.of(quoted ? parsed.toString() : parsed.toString().trim());
            }
            i = j < value.length() ? value.indexOf(';', j) : -1;
        }
        return Optional.empty();
    }
}
