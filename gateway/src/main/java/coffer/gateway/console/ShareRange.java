package coffer.gateway.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a shared file, {@code first..last} inclusive, from a {@code Range} header as RFC 9110 and S3
 * read it: {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}. A header that is not one satisfiable-or-not
 * single byte range (several ranges, other units, nonsense) is ignored: the whole file is answered (null). A range
 * that starts past the end is {@link #UNSATISFIABLE} (416).
 */
record ShareRange(long first, long last) {
    static final ShareRange UNSATISFIABLE = new ShareRange(-1, -1);
    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})\\s*");

    long length() {
        return last - first + 1;
    }

    /** The range to serve, null for the whole file, or {@link #UNSATISFIABLE}. */
    static ShareRange parse(String header, long size) {
        if (header == null || size == 0) {
            return null;
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null;
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            return suffix == 0 ? UNSATISFIABLE : new ShareRange(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
            return null;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        return new ShareRange(first, last);
    }
}
