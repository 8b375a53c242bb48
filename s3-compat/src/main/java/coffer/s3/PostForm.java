package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map.Entry;
import java.util.Map;
import java.util.Optional;

/**
 * A browser POST upload form, read up to its {@code file} field: the fields before it (names lower-cased, since
 * AWS matches them case-insensitively) and the file as a stream. Fields after the file are ignored, as AWS
 * ignores them. The names and values of the fields before the file may take at most {@value #MAX_FIELD_BYTES}
 * bytes, and so may their part headers (400 MaxPostPreDataLengthExceededError); the file is never buffered.
 *
 * <p>Not thread-safe: one form per request.
 */
final class PostForm {
    public static final int MAX_FIELD_BYTES = 20 * 1024;
    /** Bytes after the file that are read and dropped so that the connection stays usable. */
    private static final long MAX_DRAIN_BYTES = 64 * 1024;

    private final MultipartFormReader reader;
    private final Map<String, String> fields;
    private final Optional<String> filename;

    private PostForm(MultipartFormReader reader, Map<String, String> fields, Optional<String> filename) {
        this.reader = reader;
        this.fields = Collections.unmodifiableMap(fields);
        this.filename = filename;
    }

    /**
     * Reads the fields up to the file.
     *
     * @param contentType the request's Content-Type, {@code multipart/form-data; boundary=...}
     */
    public static PostForm read(InputStream body, String contentType) throws IOException {
        String boundary = MultipartFormReader.dispositionParameter(contentType, "boundary")
                .filter(b -> !b.isEmpty() && b.length() <= 70)
                .orElseThrow(() -> malformed("The Content-Type has no valid multipart boundary"));
        MultipartFormReader reader = new MultipartFormReader(body, boundary, MAX_FIELD_BYTES);
        Map<String, String> fields = new LinkedHashMap<>();
        int budget = MAX_FIELD_BYTES;
        try {
            while (true) {
                MultipartFormReader.Part part = reader.next().orElseThrow(() -> new S3Exception(
                        S3ErrorCode.INVALID_ARGUMENT, "POST requires exactly one file upload per request.",
                        Map.of("ArgumentName", "file", "ArgumentValue", "0"), null));
                String name = part.name().toLowerCase(Locale.ROOT);
                if (name.equals("file")) {
                    return new PostForm(reader, fields, part.filename().map(PostForm::baseName));
                }
                budget -= part.name().length();
                byte[] value = reader.body().readNBytes(Math.max(0, budget) + 1);
                budget -= value.length;
                if (budget < 0) {
                    throw new S3Exception(S3ErrorCode.MAX_POST_PRE_DATA_LENGTH_EXCEEDED);
                }
                if (fields.putIfAbsent(name, new String(value, StandardCharsets.UTF_8)) != null) {
                    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The POST form field " + name
                            + " appears more than once", Map.of("ArgumentName", name), null);
                }
            }
        } catch (MultipartFormReader.HeadersTooLargeException e) {
            throw new S3Exception(S3ErrorCode.MAX_POST_PRE_DATA_LENGTH_EXCEEDED);
        } catch (MultipartFormReader.MalformedFormException e) {
            throw malformed(e.getMessage());
        }
    }

    /** The fields before the file, names lower-cased, in form order. */
    public Map<String, String> fields() {
        return fields;
    }

    public Optional<String> field(String lowerCaseName) {
        return Optional.ofNullable(fields.get(lowerCaseName));
    }

    /** The file part's file name without any directory a browser may have sent; empty if none was given. */
    public Optional<String> filename() {
        return filename;
    }

    /** The file's content. Broken framing is thrown as 400 MalformedPOSTRequest. */
    public InputStream file() {
        InputStream body = reader.body();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    return body.read();
                } catch (MultipartFormReader.MalformedFormException e) {
                    throw malformed(e.getMessage());
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return body.read(b, off, len);
                } catch (MultipartFormReader.MalformedFormException e) {
                    throw malformed(e.getMessage());
                }
            }
        };
    }

    /**
     * Reads and drops what follows the file (the closing delimiter, ignored fields), up to a bound, so that the
     * client sees its whole request consumed; a longer or broken remainder is left to the HTTP layer.
     */
    public void drain() {
        try {
            long left = MAX_DRAIN_BYTES;
            byte[] sink = new byte[8192];
            while (left > 0 && reader.next().isPresent()) {
                InputStream part = reader.body();
                for (int n; left > 0 && (n = part.read(sink)) > 0; ) {
                    left -= n;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The object is stored; what follows the file does not matter to the upload.
        }
    }

    /** A copy of the field map for logs would carry the signature; never log it. */
    @Override
    public String toString() {
        StringBuilder names = new StringBuilder("PostForm[fields=");
        for (Entry<String, String> e : fields.entrySet()) {
            names.append(e.getKey()).append(' ');
        }
        return names.append(']').toString();
    }

    private static String baseName(String filename) {
        int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        return filename.substring(slash + 1);
    }

    private static S3Exception malformed(String detail) {
        return new S3Exception(S3ErrorCode.MALFORMED_POST_REQUEST,
                S3ErrorCode.MALFORMED_POST_REQUEST.defaultMessage() + " (" + detail + ")");
    }
}
