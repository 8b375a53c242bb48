package coffer.gateway.admin;

import coffer.storage.maintenance.BackgroundLease;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/background-lease}: which gateway runs the cluster's background work (docs/operations.md,
 * "Background work on one gateway"): {@code {"holder": instance or null, "epoch", "expires", "gateway": this
 * gateway's instance, "heldHere", "jobRuns", "durationSeconds"}}, the holder and expiry by the database's clock.
 */
@Path("/v1/background-lease")
public final class LeaseResource {
    private final BackgroundLease lease;
    private final AdminJson json;

    public LeaseResource(BackgroundLease lease, AdminJson json) {
        this.lease = lease;
        this.json = json;
    }

    @GET
    public Response status() {
        BackgroundLease.Status s = lease.status();
        ObjectNode body = json.object();
        body.put("holder", s.holder().orElse(null));
        body.put("epoch", s.epoch());
        body.put("expires", s.expires().toString());
        body.put("gateway", s.instance());
        body.put("heldHere", s.heldHere());
        body.put("jobRuns", s.jobRuns());
        body.put("durationSeconds", lease.duration().toMillis() / 1000.0);
        return AdminRequests.json(200, json, body);
    }
}
