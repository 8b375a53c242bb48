package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single satisfiable byte range of an object, {@code first..last} inclusive. Parses the Range header as AWS
 * does: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; a syntactically invalid header or several ranges
 * are ignored (the whole object is sent with 200); a range that starts past the end is {@code InvalidRange}.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range to serve, or empty for the whole object. */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty(); // several ranges, or not a byte range: AWS answers with the whole object
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return Optional.empty(); // invalid per RFC 9110: ignored
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than a long holds
        }
    }

    private static S3Exception unsatisfiable(long size) {
        return new S3Exception(S3ErrorCode.INVALID_RANGE, S3ErrorCode.INVALID_RANGE.defaultMessage(),
                java.util.Map.of("ActualObjectSize", Long.toString(size)), null);
    }
}
