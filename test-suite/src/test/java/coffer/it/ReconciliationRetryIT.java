package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first reconciliation pass of a real gateway fails on a real condition that is there from its start (a
 * catalog table it reads is missing, as a full disk or a database not yet up makes the catalog fail), and the pass
 * is tried again soon after the condition is gone: within the first back-offs (10 s, then 20 s), not at the next
 * hourly pass.
 */
class ReconciliationRetryIT {
    /** The first retry comes 10 s after the failure, the next 20 s later; this leaves room for a loaded machine. */
    private static final Duration RETRY_BOUND = Duration.ofSeconds(45);
    private static final Pattern FAILURES = Pattern.compile("(?m)^coffer_integrity_reconcile_failures_total(?:\\{[^}]*})? (\\S+)$");
    /** Its first start creates the schema. */
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();

    @Test
    void aFailedPassIsRetriedSoonAfterItsCauseIsGone() throws Exception {
        gateway.server().close();
        sql("RENAME TABLE upload_part TO upload_part_away");
        // A new gateway on the same data and database: its first pass, 10 s after start, cannot read upload_part.
        gateway.restart();
        AdminHttp admin = AdminHttp.of(gateway);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (failures(admin) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertEquals(1.0, failures(admin), "the first pass failed");
            assertEquals("never run", state(admin));
        } finally {
            sql("RENAME TABLE upload_part_away TO upload_part");
        }

        long back = System.nanoTime();
        long deadline = back + RETRY_BOUND.toNanos();
        while (!state(admin).equals("done") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - back);
        System.out.printf("[reconcile-retry] a pass succeeded %d ms after the table came back%n", took.toMillis());
        assertTrue(took.compareTo(RETRY_BOUND) < 0, "no successful pass within " + RETRY_BOUND);
        assertTrue(failures(admin) >= 1.0 && failures(admin) <= 2.0, "one or two failures, then success");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = gateway.catalogConnection();
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String state(AdminHttp admin) throws Exception {
        return admin.get("/v1/integrity/reconciliation").json().get("state").asText();
    }

    private static double failures(AdminHttp admin) throws Exception {
        Matcher m = FAILURES.matcher(admin.get("/metrics").raw().body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
