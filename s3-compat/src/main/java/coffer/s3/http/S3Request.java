package coffer.s3.http;

import java.io.InputStream;
import java.util.List;

/**
 * One HTTP request as the S3 layer sees it, independent of Jetty and Jersey, so that the protocol logic is
 * testable without a socket. Paths and queries are the raw bytes the client sent: never decoded and re-encoded,
 * because signatures are computed over them.
 */
public interface S3Request {

    /** Upper-case HTTP method. */
    String method();

    /** The raw, still percent-encoded path, starting with {@code /}. */
    String rawPath();

    /** The raw query string without {@code ?}, or the empty string. */
    String rawQuery();

    /** All header names as received (any case), each once. */
    List<String> headerNames();

    /** Every value of a header, matched case-insensitively; empty when absent. */
    List<String> headers(String name);

    /** The first value of a header, matched case-insensitively, or {@code null}. */
    default String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The request body as it arrives on the wire (still aws-chunked if the client framed it so). */
    InputStream body();

    /** The client's address, for logs. */
    String remoteAddress();

    /** Whether the request arrived over TLS (SSE-C keys may travel only so, or over loopback). */
    default boolean secure() {
        return false;
    }
}
