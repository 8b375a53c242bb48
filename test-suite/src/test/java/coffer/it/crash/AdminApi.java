package coffer.it.crash;

import coffer.it.support.AdminHttp;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The two admin API calls the harness needs ({@code docs/accounts.md}, "Admin HTTP API"): an account's usage as
 * the gateway reports it, and a reconciliation's verdict on it, over the tests' one admin client
 * ({@link AdminHttp}). Holds the bearer token, which it never shows. Thread-safe (immutable).
 */
final class AdminApi {
    /** {@code usage} of an account: used bytes (objects plus parts of uploads in progress), reserved, objects. */
    record Usage(long usedBytes, long reservedBytes, long objectCount) {
    }

    /** One account's line of a reconciliation: what the counters said and what the catalog holds. */
    record Drift(long recordedBytes, long actualBytes, long recordedObjects, long actualObjects) {
        boolean none() {
            return recordedBytes == actualBytes && recordedObjects == actualObjects;
        }
    }

    private final AdminHttp http;

    AdminApi(URI base, String token) {
        this.http = new AdminHttp(base, token).withActor("crash-harness").withTimeout(Duration.ofSeconds(60));
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
        AdminHttp.Answer r = http.send(method, path, null);
        if (r.status() != 200) {
            throw new IOException(method + " " + path + " answered " + r.status() + ": " + r.raw().body());
        }
        return r.json();
    }

    @Override
    public String toString() {
        return "AdminApi[" + http + "]";
    }
}
