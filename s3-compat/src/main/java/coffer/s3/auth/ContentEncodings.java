package coffer.s3.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code Content-Encoding} header as it concerns aws-chunked framing. */
public final class ContentEncodings {
    public static final String AWS_CHUNKED = "aws-chunked";

    private ContentEncodings() {
    }

    /** Whether the header lists {@code aws-chunked} among its codings (any case, any position). */
    public static boolean hasAwsChunked(String contentEncoding) {
        return contentEncoding != null && Arrays.stream(contentEncoding.split(","))
                .anyMatch(token -> token.trim().equalsIgnoreCase(AWS_CHUNKED));
    }

    /**
     * The Content-Encoding to store with the object: the header without {@code aws-chunked}, which describes
     * the transfer and never the object; empty when nothing remains.
     */
    public static Optional<String> withoutAwsChunked(String contentEncoding) {
        if (contentEncoding == null) {
            return Optional.empty();
        }
        String rest = Arrays.stream(contentEncoding.split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty() && !token.equalsIgnoreCase(AWS_CHUNKED))
                .collect(Collectors.joining(", "));
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }
}
