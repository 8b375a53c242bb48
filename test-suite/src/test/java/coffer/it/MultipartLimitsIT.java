package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.UsageWatch;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.quota.Quotas;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Multipart uploads are no longer unlimited and free, over real HTTP: an account may have only so many uploads in
 * progress (3 here), and every stored part, an empty one too, takes room in its quota. Both refusals are 403
 * QuotaExceeded, as other quota refusals.
 */
class MultipartLimitsIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dataDir, config) -> config.multipart(new MultipartLimits(3, Duration.ofDays(7))))
            .build();
    static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        admin = gateway.admin();
    }

    private static S3Client account(String name, long quota) throws Exception {
        AdminHttp.Answer a = admin.post("/v1/accounts", "{\"name\":\"" + name + "\",\"quota\":" + quota + "}");
        assertEquals(201, a.status(), a.raw().body());
        S3Client s3 = gateway.client(a.json().at("/key/accessKeyId").asText(), a.json().at("/key/secretKey").asText(),
                false, RequestChecksumCalculation.WHEN_REQUIRED);
        s3.createBucket(b -> b.bucket(name));
        return s3;
    }

    private static void assertNoDrift(String name) throws Exception {
        for (JsonNode a : admin.post("/v1/usage/reconcile", "").json().get("accounts")) {
            if (a.get("name").asText().equals(name)) {
                assertEquals(0, a.get("driftBytes").asLong(), a.toString());
                assertEquals(0, a.get("driftObjects").asLong(), a.toString());
                return;
            }
        }
        throw new AssertionError("no account " + name);
    }

    private static void assertQuotaExceeded(AwsServiceException e) {
        assertEquals(403, e.statusCode());
        assertEquals("QuotaExceeded", e.awsErrorDetails().errorCode());
    }

    @Test
    void theFourthUploadInProgressIsRefusedUntilOneIsAborted() throws Exception {
        try (S3Client s3 = account("mp-capped", 1L << 30)) {
            List<String> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                open.add(s3.createMultipartUpload(b -> b.bucket("mp-capped").key("k" + n)).uploadId());
            }
            AwsServiceException refused = assertThrows(AwsServiceException.class,
                    () -> s3.createMultipartUpload(b -> b.bucket("mp-capped").key("k3")));
            assertQuotaExceeded(refused);
            assertEquals(3, s3.listMultipartUploads(b -> b.bucket("mp-capped")).uploads().size());

            s3.abortMultipartUpload(b -> b.bucket("mp-capped").key("k0").uploadId(open.get(0)));
            String again = s3.createMultipartUpload(b -> b.bucket("mp-capped").key("k3")).uploadId();
            assertQuotaExceeded(assertThrows(AwsServiceException.class,
                    () -> s3.createMultipartUpload(b -> b.bucket("mp-capped").key("k4"))));
            // A completed upload frees its place as well.
            String etag = s3.uploadPart(b -> b.bucket("mp-capped").key("k3").uploadId(again).partNumber(1),
                    RequestBody.fromString("done")).eTag();
            s3.completeMultipartUpload(b -> b.bucket("mp-capped").key("k3").uploadId(again)
                    .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
            s3.createMultipartUpload(b -> b.bucket("mp-capped").key("k4"));
            assertNoDrift("mp-capped");
        }
    }

    @Test
    void emptyPartsTakeRoomInTheQuotaAndAreRefusedOnceItIsUsed() throws Exception {
        long quota = 3 * Quotas.MIN_PART_CHARGE;
        try (S3Client s3 = account("mp-empty", quota)) {
            String upload = s3.createMultipartUpload(b -> b.bucket("mp-empty").key("e")).uploadId();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                s3.uploadPart(b -> b.bucket("mp-empty").key("e").uploadId(upload).partNumber(n), RequestBody.empty());
            }
            assertEquals(quota, UsageWatch.read(gateway.jdbcUrl(), "mp-empty")[0]);
            AwsServiceException refused = assertThrows(AwsServiceException.class, () -> s3.uploadPart(
                    b -> b.bucket("mp-empty").key("e").uploadId(upload).partNumber(4), RequestBody.empty()));
            assertQuotaExceeded(refused);
            assertEquals(3, s3.listParts(b -> b.bucket("mp-empty").key("e").uploadId(upload)).parts().size());
            assertNoDrift("mp-empty");

            s3.abortMultipartUpload(b -> b.bucket("mp-empty").key("e").uploadId(upload));
            assertEquals(0, UsageWatch.read(gateway.jdbcUrl(), "mp-empty")[0]);
            assertNoDrift("mp-empty");
        }
    }
}
