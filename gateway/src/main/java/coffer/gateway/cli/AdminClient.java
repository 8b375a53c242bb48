package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of the admin API over {@link HttpClient}: sends the bearer token and the operator's name
 * ({@code X-Coffer-Actor}), reads JSON answers, and turns error answers into {@link AdminCliException}s carrying
 * the server's message. The token is never printed. Thread-safe.
 */
final class AdminClient {
    /** Deleting a large account walks every object: allow it time. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

    private final URI base;
    private final String token;
    private final String actor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    AdminClient(URI base, String token, String actor) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token;
        this.actor = actor;
    }

    JsonNode get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, json(body), "application/json");
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, json(body), "application/json");
    }

    JsonNode delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    JsonNode postBytes(String path, byte[] body, String contentType) {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), contentType);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    String pretty(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private HttpRequest.BodyPublisher json(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("X-Coffer-Actor", actor)
                .header("Accept", "application/json")
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AdminCliException("cannot reach the admin API at " + base + ": " + e, AdminCliException.IO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCliException("interrupted", AdminCliException.IO);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 300) {
            JsonNode error = answer == null ? null : answer.get("error");
            String message = error != null && error.hasNonNull("message") ? error.get("message").asText()
                    : "HTTP " + response.statusCode();
            if (error != null && error.hasNonNull("field")) {
                message += " (field " + error.get("field").asText() + ")";
            }
            throw new AdminCliException(message + " [HTTP " + response.statusCode() + "]", AdminCliException.SERVER);
        }
        if (answer == null) {
            throw new AdminCliException("the admin API answered something other than JSON", AdminCliException.SERVER);
        }
        return answer;
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
