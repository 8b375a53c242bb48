package coffer.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** Reading admin requests and writing their answers: bodies with a size limit, typed fields, JSON responses. */
final class AdminRequests {
    /** The header an admin client names its operator with, for the audit table. */
    static final String ACTOR_HEADER = "X-Coffer-Actor";
    static final int MAX_JSON_BYTES = 64 * 1024;

    private AdminRequests() {
    }

    /** The body, refused with 413 beyond {@code limit} bytes. */
    static byte[] body(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new AdminException(413, "EntityTooLarge", "the request body is larger than " + limit + " bytes",
                    null);
        }
        return bytes;
    }

    /** A string field; null when absent or JSON null. 400 naming the field if it is not a string. */
    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw AdminException.badField(field, field + " must be a string");
        }
        return n.asText();
    }

    static String requiredText(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw AdminException.badField(field, field + " is required");
        }
        return value;
    }

    /** A size: a number of bytes or a string with a unit ("100GiB"); null when absent or JSON null. */
    static Long size(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Sizes.parse(n.asText());
            } catch (IllegalArgumentException e) {
                throw AdminException.badField(field, field + ": " + e.getMessage());
            }
        }
        throw AdminException.badField(field, field + " must be a number of bytes or a size such as \"100GiB\"");
    }

    static String actor(HttpHeaders headers) {
        String actor = headers.getHeaderString(ACTOR_HEADER);
        if (actor == null || actor.isBlank()) {
            return "admin";
        }
        return actor.length() > 200 ? actor.substring(0, 200) : actor;
    }

    static Response json(int status, AdminJson json, JsonNode node) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(json.bytes(node)).build();
    }
}
