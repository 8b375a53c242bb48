package coffer.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The tests' one client of a gateway's admin API (docs/accounts.md, "Admin HTTP API"): raw requests with or
 * without the right token, answers with their status and JSON. Immutable and thread-safe; it never shows the token.
 */
public final class AdminHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A status with the parsed JSON body (null if the body was not JSON) and the raw response. */
    public record Answer(int status, JsonNode json, HttpResponse<String> raw) {
    }

    private final URI base;
    private final String token;
    private final String actor;
    private final Duration timeout;

    public AdminHttp(URI base, String token) {
        this(base, token, null, null);
    }

    private AdminHttp(URI base, String token, String actor, Duration timeout) {
        this.base = base;
        this.token = token;
        this.actor = actor;
        this.timeout = timeout;
    }

    public static AdminHttp of(Gateway gateway) throws IOException {
        return new AdminHttp(gateway.adminEndpoint(),
                Files.readString(gateway.adminTokenFile(), StandardCharsets.US_ASCII).strip());
    }

    public AdminHttp withToken(String other) {
        return new AdminHttp(base, other, actor, timeout);
    }

    /** Names the caller in the audit log ({@code X-Coffer-Actor}). */
    public AdminHttp withActor(String name) {
        return new AdminHttp(base, token, name, timeout);
    }

    /** Gives up on an answer after {@code limit} (by default it waits as long as the gateway takes). */
    public AdminHttp withTimeout(Duration limit) {
        return new AdminHttp(base, token, actor, limit);
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    public Answer put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json);
    }

    public Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    public Answer send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (actor != null) {
            b.header("X-Coffer-Actor", actor);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Answer(r.statusCode(), json, r);
    }

    @Override
    public String toString() {
        return "AdminHttp[" + base + "]";
    }
}
