package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.TestGateway;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code metrics=false}: S3 requests are served but not metered (no {@code coffer_s3_*} family at all), while
 * {@code /metrics} still answers with the JVM and pool meters so scrapers and health checks keep working.
 */
class MetricsOffIT {
    @Test
    void noS3RequestMetersAreRegisteredButMetricsStillAnswers() throws Exception {
        try (TestGateway gateway = TestGateway.start((dir, config) -> config
                .accessLog("off").metrics(false));
             S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket("unmetered"));
            s3.putObject(b -> b.bucket("unmetered").key("k"), RequestBody.fromString("hello"));
            assertEquals("hello", s3.getObjectAsBytes(b -> b.bucket("unmetered").key("k")).asUtf8String());

            AdminHttp.Answer answer = AdminHttp.of(gateway).withToken(null).get("/metrics");
            assertEquals(200, answer.status());
            String metrics = answer.raw().body();
            assertFalse(metrics.contains("coffer_s3_requests_total"), "no request counter");
            assertFalse(metrics.contains("coffer_s3_"), "no S3 request meter of any kind");
            assertTrue(metrics.contains("\njvm_memory_used_bytes"), "the JVM meters are still exported");
            assertTrue(metrics.contains("\nhikaricp_connections_active"), "the pool meters are still exported");
        }
    }
}
