package coffer.gateway.admin;

import coffer.gateway.health.Readiness;
import coffer.gateway.observe.GatewayMetrics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The routes an orchestrator and a monitoring system call without the admin token (they hold nothing secret and
 * change nothing): {@code GET /metrics} (Prometheus text format), {@code GET /health/live} (the process answers)
 * and {@code GET /health/ready} (200 or 503, with each check's result). See docs/configuration.md.
 */
@Path("/")
public final class OperationsResource {
    /** The paths {@link BearerTokenFilter} lets through without a token. */
    static boolean isPublic(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("metrics") || p.equals("health/live") || p.equals("health/ready");
    }

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final GatewayMetrics metrics;
    private final Readiness readiness;
    private final AdminJson json;

    public OperationsResource(GatewayMetrics metrics, Readiness readiness, AdminJson json) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.json = json;
    }

    @GET
    @Path("metrics")
    public Response metrics() {
        return Response.ok(metrics.scrape(), PROMETHEUS_TEXT).build();
    }

    @GET
    @Path("health/live")
    public Response live() {
        ObjectNode body = json.object().put("status", "up");
        return AdminRequests.json(200, json, body);
    }

    @GET
    @Path("health/ready")
    public Response ready() {
        Readiness.Report report = readiness.check();
        ObjectNode body = json.object().put("status", report.ready() ? "ready" : "not ready");
        ObjectNode checks = body.putObject("checks");
        report.checks().forEach(checks::put);
        return AdminRequests.json(report.ready() ? 200 : 503, json, body);
    }
}
