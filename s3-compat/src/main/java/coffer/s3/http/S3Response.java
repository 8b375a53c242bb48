package coffer.s3.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response as the S3 layer produces it: a status, headers in the order they were added, and an optional
 * body that is written once, streaming, after the headers went out. Not thread-safe; built by one handler.
 */
public final class S3Response {

    /** Writes a body to the client; called once, after the status and headers are sent. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final int status;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private Body body;
    private long contentLength = -1;
    private RequestFacts facts = RequestFacts.NONE;
    private String errorCode;

    private S3Response(int status) {
        this.status = status;
    }

    public static S3Response status(int status) {
        return new S3Response(status);
    }

    public static S3Response ok() {
        return new S3Response(200);
    }

    public static S3Response noContent() {
        return new S3Response(204);
    }

    /** A 200 (or given status) response with an XML document body. */
    public static S3Response xml(int status, String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        return new S3Response(status).header("Content-Type", "application/xml").body(bytes.length, out -> out.write(bytes));
    }

    /** Adds a header; a null value is skipped, so optional headers need no if-statements at call sites. */
    public S3Response header(String name, String value) {
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
        return this;
    }

    /** Sets the body and its exact length ({@code -1} when unknown, which makes the response chunked). */
    public S3Response body(long length, Body writer) {
        this.contentLength = length;
        this.body = writer;
        return this;
    }

    /** Declares a Content-Length without a body, as HEAD does. */
    public S3Response contentLength(long length) {
        this.contentLength = length;
        return this;
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return Collections.unmodifiableList(headers);
    }

    public String firstHeader(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** The body writer, or {@code null} for none. */
    public Body body() {
        return body;
    }

    public long contentLength() {
        return contentLength;
    }

    /** Records what the request was (see {@link RequestFacts}); does not change the response sent. */
    public S3Response facts(RequestFacts facts) {
        this.facts = facts == null ? RequestFacts.NONE : facts;
        return this;
    }

    /** What the request was; {@link RequestFacts#NONE} until the S3 service recorded it. */
    public RequestFacts facts() {
        return facts;
    }

    /** Records the S3 error code this response carries (also for HEAD, whose error has no body). */
    public S3Response errorCode(String code) {
        this.errorCode = code;
        return this;
    }

    /** The S3 error code, or null for a successful response. */
    public String errorCode() {
        return errorCode;
    }
}
