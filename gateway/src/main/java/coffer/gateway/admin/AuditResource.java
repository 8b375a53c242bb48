package coffer.gateway.admin;

import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.AuditEntry;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** {@code GET /v1/audit?limit=N}: the newest audit entries first (at most 1000). */
@Path("/v1/audit")
public final class AuditResource {
    private final Accounts accounts;
    private final AdminJson json;

    public AuditResource(Accounts accounts, AdminJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @GET
    public Response recent(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw AdminException.badField("limit", "limit must be between 1 and 1000");
        }
        ObjectNode answer = json.object();
        ArrayNode entries = answer.putArray("entries");
        for (AuditEntry e : accounts.recentAudit(limit)) {
            entries.addObject().put("at", e.at().toString()).put("actor", e.actor()).put("action", e.action())
                    .put("subject", e.subject()).put("detail", e.detail());
        }
        return AdminRequests.json(200, json, answer);
    }
}
