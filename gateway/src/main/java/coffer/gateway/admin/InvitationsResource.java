package coffer.gateway.admin;

import coffer.storage.accounts.Accounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * {@code POST /v1/console/invitations} with {@code {"email"?, "days"?}}: a one-time console sign-up link (for
 * {@code --console-signup invite}), valid {@code days} days (1 to 365, default 7), for that e-mail address only when
 * one is given. The link appears in this answer only; the audit records who made one, never the link.
 */
@Path("/v1/console/invitations")
public final class InvitationsResource {
    private final ConsoleLinks invitations;
    private final Accounts accounts;
    private final AdminJson json;

    public InvitationsResource(ConsoleLinks invitations, Accounts accounts, AdminJson json) {
        this.invitations = invitations;
        this.accounts = accounts;
        this.json = json;
    }

    @POST
    public Response invite(InputStream in, @Context HttpHeaders headers) throws IOException {
        byte[] raw = AdminRequests.body(in, AdminRequests.MAX_JSON_BYTES);
        JsonNode body = raw.length == 0 ? json.object() : json.readObject(raw);
        String email = AdminRequests.text(body, "email");
        JsonNode daysNode = body.get("days");
        long days = ConsoleLinks.INVITATION_VALIDITY.toDays();
        if (daysNode != null && !daysNode.isNull()) {
            if (!daysNode.isIntegralNumber() || daysNode.asLong() < 1 || daysNode.asLong() > 365) {
                throw AdminException.badField("days", "days must be a whole number from 1 to 365");
            }
            days = daysNode.asLong();
        }
        ConsoleLinks.Link link;
        try {
            link = invitations.invite(email, Duration.ofDays(days));
        } catch (IllegalArgumentException e) {
            throw AdminException.badField("email", e.getMessage());
        }
        accounts.audit(AdminRequests.actor(headers), "console.invite", email == null ? "(any address)" : email,
                "valid " + days + " days");
        ObjectNode answer = json.object();
        answer.put("url", link.url());
        answer.put("expires", link.expires().toString());
        if (email == null || email.isBlank()) {
            answer.putNull("email");
        } else {
            answer.put("email", email.strip().toLowerCase(java.util.Locale.ROOT));
        }
        return AdminRequests.json(201, json, answer);
    }
}
