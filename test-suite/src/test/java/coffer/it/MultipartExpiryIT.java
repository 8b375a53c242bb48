package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.UsageWatch;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.quota.Quotas;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An upload left untouched for longer than {@code --multipart-expiry} (2 s here; the reaper then looks every
 * second) is aborted by the gateway: it leaves ListMultipartUploads, its usage is given back, and reconciliation
 * agrees with the counters.
 */
class MultipartExpiryIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dataDir, config) -> config.multipart(new MultipartLimits(10_000, Duration.ofSeconds(2))))
            .build();
    static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        admin = gateway.admin();
    }

    @Test
    void anIdleUploadIsAbortedAndItsUsageGivenBack() throws Exception {
        AdminHttp.Answer a = admin.post("/v1/accounts", "{\"name\":\"mp-expiry\",\"quota\":1073741824}");
        assertEquals(201, a.status(), a.raw().body());
        try (S3Client s3 = gateway.client(a.json().at("/key/accessKeyId").asText(),
                a.json().at("/key/secretKey").asText(), false, RequestChecksumCalculation.WHEN_REQUIRED)) {
            s3.createBucket(b -> b.bucket("mp-expiry"));
            String upload = s3.createMultipartUpload(b -> b.bucket("mp-expiry").key("idle")).uploadId();
            s3.uploadPart(b -> b.bucket("mp-expiry").key("idle").uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(new byte[10_000]));
            s3.uploadPart(b -> b.bucket("mp-expiry").key("idle").uploadId(upload).partNumber(2), RequestBody.empty());
            assertEquals(10_000 + Quotas.MIN_PART_CHARGE, UsageWatch.read(gateway.jdbcUrl(), "mp-expiry")[0]);

            // Generous: the expiry is 2 s and the reaper looks every second.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!s3.listMultipartUploads(b -> b.bucket("mp-expiry")).uploads().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the idle upload is still listed after 60 s");
                Thread.sleep(200);
            }

            assertEquals(0, UsageWatch.read(gateway.jdbcUrl(), "mp-expiry")[0], "its parts' usage is given back");
            AwsServiceException gone = assertThrows(AwsServiceException.class,
                    () -> s3.listParts(b -> b.bucket("mp-expiry").key("idle").uploadId(upload)));
            assertEquals("NoSuchUpload", gone.awsErrorDetails().errorCode());
            for (JsonNode d : admin.post("/v1/usage/reconcile", "").json().get("accounts")) {
                if (d.get("name").asText().equals("mp-expiry")) {
                    assertEquals(0, d.get("driftBytes").asLong(), d.toString());
                    assertEquals(0, d.get("driftObjects").asLong(), d.toString());
                }
            }
        }
    }
}
