package coffer.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One browser's view of the console API: a cookie jar (filled from {@code Set-Cookie}, as a browser would) and the
 * CSRF header taken from the {@code coffer_csrf} cookie unless a test says otherwise. Redirects are not followed.
 */
final class ConsoleHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String code() {
            return json().path("error").path("code").asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        List<String> setCookies() {
            return raw.headers().allValues("Set-Cookie");
        }
    }

    /** Every cookie value any instance received: tokens that must appear in no log. */
    static final java.util.Set<String> SEEN_TOKENS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final URI base;
    private final HttpClient client;
    final Map<String, String> cookies = new LinkedHashMap<>();

    ConsoleHttp(int port) {
        this(URI.create("http://127.0.0.1:" + port), HTTP);
    }

    /** A browser of {@code base} (https://... with a client trusting its certificate). */
    ConsoleHttp(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A POST with the CSRF cookie's value in the header (none when the jar has no such cookie). */
    Answer post(String path, Object body) throws IOException, InterruptedException {
        return post(path, body, cookies.get("coffer_csrf"));
    }

    /** A POST with {@code csrf} as the header (null: no header). */
    Answer post(String path, Object body, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body),
                        StandardCharsets.UTF_8));
        if (csrf != null) {
            b.header("X-Coffer-CSRF", csrf);
        }
        return send(b);
    }

    /** A PUT of raw bytes with the CSRF cookie's value in the header. */
    Answer put(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        String csrf = cookies.get("coffer_csrf");
        if (csrf != null) {
            b.header("X-Coffer-CSRF", csrf);
        }
        return send(b);
    }

    /**
     * A raw request head (no body sent) on a socket, for lengths the HTTP client would not declare without sending:
     * the status line's code of the answer.
     */
    int rawHead(int port, String head) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder cookieHeader = new StringBuilder();
            cookies.forEach((k, v) -> cookieHeader.append(cookieHeader.isEmpty() ? "" : "; ").append(k).append('=')
                    .append(v));
            String request = head + "Host: 127.0.0.1\r\nCookie: " + cookieHeader + "\r\nX-Coffer-CSRF: "
                    + cookies.get("coffer_csrf") + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    /** Any method with a JSON or text body ("" for none) and the CSRF cookie's value in the header. */
    Answer send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, cookies.get("coffer_csrf"));
    }

    /** Any method with {@code csrf} as the header (null: none). */
    Answer send(String method, String path, String body, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (csrf != null) {
            b.header("X-Coffer-CSRF", csrf);
        }
        return send(b);
    }

    /** A DELETE with the CSRF cookie's value in the header. */
    Answer delete(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).DELETE();
        String csrf = cookies.get("coffer_csrf");
        if (csrf != null) {
            b.header("X-Coffer-CSRF", csrf);
        }
        return send(b);
    }

    /** A GET whose answer is kept as bytes (downloads), with extra headers as name, value pairs. */
    HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Answer postBytes(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String csrf = cookies.get("coffer_csrf");
        if (csrf != null) {
            b.header("X-Coffer-CSRF", csrf);
        }
        return send(b);
    }

    /** A DELETE with {@code csrf} as the header (null: no header). */
    Answer delete(String path, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).DELETE();
        if (csrf != null) {
            b.header("X-Coffer-CSRF", csrf);
        }
        return send(b);
    }

    /** A request of {@code method} (no body) with extra headers, name and value in turn; the body as bytes. */
    HttpResponse<byte[]> fetch(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Signs up (fetching a CSRF cookie first when the jar has none). */
    Answer signUp(String email, String password) throws IOException, InterruptedException {
        ensureCsrf();
        return post("/api/signup", Map.of("email", email, "password", password));
    }

    Answer signIn(String email, String password) throws IOException, InterruptedException {
        ensureCsrf();
        return post("/api/signin", Map.of("email", email, "password", password));
    }

    void ensureCsrf() throws IOException, InterruptedException {
        if (!cookies.containsKey("coffer_csrf")) {
            get("/api/session");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", header.toString());
        }
        return b;
    }

    private Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String c : response.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || c.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
                SEEN_TOKENS.add(value);
            }
        }
        return new Answer(response.statusCode(), response);
    }
}
