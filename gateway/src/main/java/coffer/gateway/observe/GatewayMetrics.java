package coffer.gateway.observe;

import coffer.storage.integrity.Integrity;
import coffer.storage.maintenance.BackgroundLease;
import coffer.storage.integrity.Reconciler;
import coffer.storage.integrity.ReconciliationReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Server;

/**
 * The gateway's meter registry, exposed in the Prometheus text format at {@code /metrics} on the admin port:
 * JVM and process binders, the S3 port's Jetty thread pool and connections, the catalog pool (bound by
 * {@link coffer.gateway.db.DataSources}), S3 requests ({@link S3Metrics}) and the engine's figures that exist
 * today (the GC queue length). Closing it closes the JVM GC binder's listeners. Thread-safe.
 */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Every meter carries the common tag {@code gateway="<gatewayId>"}: N gateways, one Prometheus, no clash. */
    public GatewayMetrics(String gatewayId) {
        registry.config().commonTags("gateway", gatewayId);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The S3 port: its thread pool (busy, idle, queued) and per-connector connection and byte counts. */
    public void bindJetty(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), List.of()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    /**
     * {@code coffer_gc_queue_entries}: blobs waiting for the collector (inside or past their grace period), counted
     * by SQL at each scrape; NaN while the database is unreachable.
     */
    public void bindGcQueue(DataSource catalog) {
        Gauge.builder("coffer.gc.queue.entries", catalog, GatewayMetrics::gcQueueLength)
                .description("Blobs queued for garbage collection").register(registry);
    }

    private static double gcQueueLength(DataSource catalog) {
        try (Connection c = catalog.getConnection();
             Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gc_queue")) {
                return rs.next() ? rs.getLong(1) : Double.NaN;
            }
        } catch (java.sql.SQLException e) {
            return Double.NaN;
        }
    }

    /**
     * {@code coffer_background_lease_held}: 1 on the gateway that holds the background-work lease (and runs GC,
     * the reapers and scheduled reconciliation), 0 on the others; {@code coffer_background_lease_job_runs_total}:
     * job rounds run under it here since start.
     */
    public void bindLease(BackgroundLease lease) {
        Gauge.builder("coffer.background.lease.held", lease, l -> l.held() ? 1 : 0)
                .description("1 while this gateway holds the background-work lease").register(registry);
        FunctionCounter.builder("coffer.background.lease.job.runs", lease, l -> l.jobRuns())
                .description("Background job rounds run under the lease on this gateway").register(registry);
    }

    /**
     * {@code coffer_integrity_missing_blobs}: catalog rows whose blob the last reconciliation pass found missing
     * (data loss; 0 before the first pass), and {@code coffer_integrity_orphans_freed_total}: orphaned blobs freed
     * since start.
     */
    public void bindIntegrity(Integrity integrity) {
        Reconciler reconciler = integrity.reconciler();
        Gauge.builder("coffer.integrity.missing.blobs", reconciler,
                        r -> r.lastReport().map(ReconciliationReport::missingCount).orElse(0L))
                .description("Catalog rows whose blob is missing (data loss), as of the last reconciliation")
                .register(registry);
        FunctionCounter.builder("coffer.integrity.orphans.freed", reconciler, Reconciler::orphansFreedTotal)
                .description("Orphaned blobs freed by reconciliation").register(registry);
        FunctionCounter.builder("coffer.integrity.reconcile.failures", integrity, Integrity::failedPasses)
                .description("Scheduled reconciliation passes that failed (each is retried within minutes)")
                .register(registry);
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
