package coffer.gateway.admin;

import coffer.storage.accounts.Accounts;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/usage}: every account with its usage and quota. {@code POST /v1/usage/reconcile}: recomputes
 * each account's used bytes and object count from the object table and reports the drift it corrected.
 */
@Path("/v1/usage")
public final class UsageResource {
    private final Accounts accounts;
    private final AdminJson json;

    public UsageResource(Accounts accounts, AdminJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @GET
    public Response usage() {
        return AdminRequests.json(200, json, json.accounts(accounts.list()));
    }

    @POST
    @Path("reconcile")
    public Response reconcile(@Context HttpHeaders headers) {
        var drifts = accounts.reconcile();
        long drifted = drifts.stream().filter(d -> d.hasDrift()).count();
        accounts.audit(AdminRequests.actor(headers), "usage.reconcile", null,
                "accounts=" + drifts.size() + " drifted=" + drifted);
        return AdminRequests.json(200, json, json.drifts(drifts));
    }
}
