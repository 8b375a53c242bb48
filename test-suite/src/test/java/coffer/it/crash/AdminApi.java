package coffer.it.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The two admin API calls the harness needs ({@code docs/accounts.md}, "Admin HTTP API"): an account's usage as
 * the gateway reports it, and a reconciliation's verdict on it. Holds the bearer token, which it never shows.
 * Thread-safe (immutable; {@link HttpClient} is thread-safe).
 */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code usage} of an account: used bytes (objects plus parts of uploads in progress), reserved, objects. */
    record Usage(long usedBytes, long reservedBytes, long objectCount) {
    }

    /** One account's line of a reconciliation: what the counters said and what the catalog holds. */
    record Drift(long recordedBytes, long actualBytes, long recordedObjects, long actualObjects) {
        boolean none() {
            return recordedBytes == actualBytes && recordedObjects == actualObjects;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    AdminApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** {@code GET /v1/accounts/{name}}: the account's usage. */
    Usage usage(String account) throws IOException, InterruptedException {
        JsonNode u = send("GET", "/v1/accounts/" + URLEncoder.encode(account, StandardCharsets.UTF_8)).get("usage");
        return new Usage(u.get("usedBytes").asLong(), u.get("reservedBytes").asLong(), u.get("objectCount").asLong());
    }

    /**
     * {@code POST /v1/usage/reconcile}: recomputes every account's counters from the catalog and returns what it
     * found for {@code account}. It also corrects the counters, so call it only after reading them.
     */
    Drift reconcile(String account) throws IOException, InterruptedException {
        for (JsonNode a : send("POST", "/v1/usage/reconcile").get("accounts")) {
            if (account.equals(a.get("name").asText())) {
                return new Drift(a.get("recordedBytes").asLong(), a.get("actualBytes").asLong(),
                        a.get("recordedObjects").asLong(), a.get("actualObjects").asLong());
            }
        }
        throw new IllegalStateException("reconciliation did not report account " + account);
    }

    private JsonNode send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .header("X-Coffer-Actor", "crash-harness")
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    @Override
    public String toString() {
        return "AdminApi[" + base + "]";
    }
}
