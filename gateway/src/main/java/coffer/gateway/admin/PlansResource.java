package coffer.gateway.admin;

import coffer.storage.StoreException;
import coffer.storage.accounts.Accounts;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** {@code /v1/plans}: the plans and their quotas; {@code PUT /v1/plans/{plan}} changes one. Thread-safe. */
@Path("/v1/plans")
public final class PlansResource {
    private final Accounts accounts;
    private final AdminJson json;

    public PlansResource(Accounts accounts, AdminJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @GET
    public Response list() {
        return AdminRequests.json(200, json, json.plans(accounts.plans()));
    }

    /** Body: {@code {"quota": <bytes> | "1TiB"}}. */
    @PUT
    @Path("{plan}")
    public Response setQuota(@PathParam("plan") String plan, InputStream in, @Context HttpHeaders headers)
            throws IOException {
        JsonNode body = json.readObject(AdminRequests.body(in, AdminRequests.MAX_JSON_BYTES));
        Long quota = AdminRequests.size(body, "quota");
        if (quota == null) {
            throw AdminException.badField("quota", "quota is required");
        }
        try {
            accounts.setPlanQuota(plan, quota);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NO_SUCH_PLAN) {
                throw AdminException.notFound("NoSuchPlan", "no such plan: " + plan);
            }
            throw e;
        }
        accounts.audit(AdminRequests.actor(headers), "plan.quota", plan, "quota=" + quota);
        return AdminRequests.json(200, json, json.plans(accounts.plans()));
    }
}
