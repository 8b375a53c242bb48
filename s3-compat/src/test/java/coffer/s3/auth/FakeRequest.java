package coffer.s3.auth;

import coffer.s3.http.S3Request;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An in-memory {@link S3Request} for tests: headers in order, matched case-insensitively. */
public final class FakeRequest implements S3Request {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String remoteAddress = "127.0.0.1";
    private boolean secure;

    private FakeRequest(String method, String rawPath, String rawQuery) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
    }

    public static FakeRequest of(String method, String rawPath, String rawQuery) {
        return new FakeRequest(method, rawPath, rawQuery);
    }

    public FakeRequest header(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        names.putIfAbsent(key, name);
        headers.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeRequest removeHeader(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        names.remove(key);
        headers.remove(key);
        return this;
    }

    /** Where the request comes from (default 127.0.0.1) and whether it came over TLS (default not). */
    public FakeRequest from(String address, boolean overTls) {
        this.remoteAddress = address;
        this.secure = overTls;
        return this;
    }

    public FakeRequest body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    public FakeRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public List<String> headerNames() {
        return List.copyOf(names.values());
    }

    @Override
    public List<String> headers(String name) {
        return List.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean secure() {
        return secure;
    }
}
