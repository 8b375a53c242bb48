package coffer.gateway.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * The console API's JSON: request bodies read with a size limit ({@link #MAX_BODY_BYTES}), string fields, answers
 * and the error document {@code {"error": {"code", "message", "field"?}}}. Parser messages (which may quote the
 * body, so a password) are never passed on. Thread-safe.
 */
final class ConsoleJson {
    /** The largest JSON body the console API reads; the whole port refuses bodies over {@link ConsoleServer}'s cap. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final ObjectMapper mapper = new ObjectMapper();

    /** The body as a JSON object: 413 EntityTooLarge beyond the limit, 400 MalformedJson if it is not an object. */
    JsonNode readObject(InputStream in) {
        return readObject(in, MAX_BODY_BYTES);
    }

    /** {@link #readObject(InputStream)} with a larger limit (at most the port's, {@link ConsoleBodyLimit}). */
    JsonNode readObject(InputStream in, int maxBytes) {
        byte[] body;
        try {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new ConsoleException(400, "IncompleteBody", "the request body could not be read", null);
        }
        if (body.length > maxBytes) {
            throw new ConsoleException(413, "EntityTooLarge",
                    "the request body is larger than " + maxBytes + " bytes", null);
        }
        try {
            JsonNode node = body.length == 0 ? null : mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ConsoleException(400, "MalformedJson", "the request body must be a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw new ConsoleException(400, "MalformedJson", "the request body is not valid JSON", null);
        }
    }

    /** A string field, or null when absent or null; 400 naming the field when it is not a string. */
    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ConsoleException.badField("InvalidArgument", field, field + " must be a string");
        }
        return n.asText();
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    Response answer(int status, JsonNode node) {
        return answer(Response.status(status), node);
    }

    Response answer(Response.ResponseBuilder response, JsonNode node) {
        try {
            return response.type(MediaType.APPLICATION_JSON_TYPE).entity(mapper.writeValueAsBytes(node)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    Response error(ConsoleException e) {
        Response.ResponseBuilder response = Response.status(e.status());
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return answer(response, errorBody(e));
    }

    /** The error document of {@code e}. */
    ObjectNode errorBody(ConsoleException e) {
        ObjectNode error = object();
        ObjectNode inner = error.putObject("error");
        inner.put("code", e.code());
        inner.put("message", e.getMessage());
        if (e.field() != null) {
            inner.put("field", e.field());
        }
        return error;
    }
}
