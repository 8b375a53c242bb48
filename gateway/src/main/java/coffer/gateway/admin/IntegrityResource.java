package coffer.gateway.admin;

import coffer.storage.accounts.Accounts;
import coffer.storage.integrity.Integrity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;

/**
 * Reconciliation and the scrub (docs/durability.md):
 * <ul>
 *   <li>{@code GET /v1/integrity/reconciliation}: the last pass's report ({@code state: "never run"} before the
 *       first pass ends); {@code POST}: runs a pass now (waiting for one in progress first) and answers its report;
 *   </li>
 *   <li>{@code POST /v1/integrity/scrub}: starts a background scrub, or joins the running one (202);
 *       {@code GET}: the newest scrub's status and report so far.</li>
 * </ul>
 */
@Path("/v1/integrity")
public final class IntegrityResource {
    private final Integrity integrity;
    private final Accounts audit;
    private final AdminJson json;
    private final IntegrityJson render;

    public IntegrityResource(Integrity integrity, Accounts audit, AdminJson json, Clock clock) {
        this.integrity = integrity;
        this.audit = audit;
        this.json = json;
        this.render = new IntegrityJson(json, clock);
    }

    @GET
    @Path("reconciliation")
    public Response lastReconciliation() {
        return integrity.reconciler().lastReport()
                .map(r -> AdminRequests.json(200, json, render.reconciliation(r)))
                .orElseGet(() -> AdminRequests.json(200, json, json.object().put("state", "never run")));
    }

    @POST
    @Path("reconciliation")
    public Response reconcile(@Context HttpHeaders headers) throws IOException, InterruptedException {
        var report = integrity.reconciler().run();
        audit.audit(AdminRequests.actor(headers), "integrity.reconcile", null, "orphansFreed="
                + report.orphansFreed() + " missing=" + report.missingCount());
        return AdminRequests.json(200, json, render.reconciliation(report));
    }

    @POST
    @Path("scrub")
    public Response startScrub(@Context HttpHeaders headers) {
        var status = integrity.scrubs().start();
        audit.audit(AdminRequests.actor(headers), "integrity.scrub", null, "job=" + status.id());
        return AdminRequests.json(202, json, render.scrub(status));
    }

    @GET
    @Path("scrub")
    public Response scrubStatus() {
        return integrity.scrubs().status()
                .map(s -> AdminRequests.json(200, json, render.scrub(s)))
                .orElseGet(() -> AdminRequests.json(200, json, json.object().put("state", "never run")));
    }
}
