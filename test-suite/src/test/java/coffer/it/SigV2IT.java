package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.SigV2Client;
import coffer.it.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests signed with AWS Signature Version 2, by a small signer of the test's own, against a real gateway. */
class SigV2IT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static SigV2Client v2;

    @BeforeAll
    static void start() throws Exception {
        v2 = new SigV2Client(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
    }

    @Test
    void bucketAndObjectLifecycle() throws Exception {
        Instant now = Instant.now();
        assertEquals(200, v2.send("PUT", "/v2-bucket", "", Map.of(), null, now).status());

        RawS3.Result list = v2.send("GET", "/", "", Map.of(), null, now);
        assertEquals(200, list.status());
        assertTrue(list.body().contains("<Name>v2-bucket</Name>"), list.body());

        RawS3.Result location = v2.send("GET", "/v2-bucket/", "location", Map.of(), null, now);
        assertEquals(200, location.status(), location.body());
        assertTrue(location.body().contains("LocationConstraint"), location.body());

        byte[] body = "signed the old way".getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        RawS3.Result put = v2.send("PUT", "/v2-bucket/dir/a%20b.txt", "", Map.of("Content-Type", "text/plain",
                "Content-MD5", md5, "x-amz-meta-colour", "blue"), body, now);
        assertEquals(200, put.status(), put.body());

        RawS3.Result get = v2.send("GET", "/v2-bucket/dir/a%20b.txt", "", Map.of(), null, now);
        assertEquals(200, get.status());
        assertEquals("signed the old way", get.body());
        assertEquals("blue", get.headers().get("x-amz-meta-colour").get(0));
        assertEquals("text/plain", get.headers().get("content-type").get(0));

        RawS3.Result presigned = RawS3.get(v2.presignGet("/v2-bucket/dir/a%20b.txt", now.plusSeconds(60)));
        assertEquals(200, presigned.status(), presigned.body());
        assertEquals("signed the old way", presigned.body());

        RawS3.Result expired = RawS3.get(v2.presignGet("/v2-bucket/dir/a%20b.txt", now.minusSeconds(1)));
        assertEquals(403, expired.status());
        assertEquals("AccessDenied", expired.errorCode());
        assertTrue(expired.body().contains("Request has expired"), expired.body());

        assertEquals(204, v2.send("DELETE", "/v2-bucket/dir/a%20b.txt", "", Map.of(), null, now).status());
        assertEquals(204, v2.send("DELETE", "/v2-bucket", "", Map.of(), null, now).status());
    }

    @Test
    void wrongContentMd5IsBadDigestAndNothingIsStored() throws Exception {
        Instant now = Instant.now();
        assertEquals(200, v2.send("PUT", "/v2-digest", "", Map.of(), null, now).status());
        String otherMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[1]));
        RawS3.Result put = v2.send("PUT", "/v2-digest/k", "", Map.of("Content-MD5", otherMd5),
                "data".getBytes(StandardCharsets.UTF_8), now);
        assertEquals(400, put.status());
        assertEquals("BadDigest", put.errorCode());
        assertEquals(404, v2.send("GET", "/v2-digest/k", "", Map.of(), null, now).status());
    }

    @Test
    void badSignatureSkewAndUnknownKey() throws Exception {
        Instant now = Instant.now();
        RawS3.Result bad = v2.sendSigned("GET", "/", "", Map.of(), null,
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(java.time.ZoneOffset.UTC)),
                "AWS " + TestGateway.ACCESS_KEY + ":bm90IHRoZSByaWdodCBzaWduYXR1cmU=");
        assertEquals(403, bad.status());
        assertEquals("SignatureDoesNotMatch", bad.errorCode());

        SigV2Client wrongSecret = new SigV2Client(gateway.endpoint(), TestGateway.ACCESS_KEY, "not-the-secret");
        assertEquals("SignatureDoesNotMatch", wrongSecret.send("GET", "/", "", Map.of(), null, now).errorCode());

        RawS3.Result skewed = v2.send("GET", "/", "", Map.of(), null, now.minus(Duration.ofMinutes(20)));
        assertEquals(403, skewed.status());
        assertEquals("RequestTimeTooSkewed", skewed.errorCode());

        SigV2Client unknown = new SigV2Client(gateway.endpoint(), "NOSUCHKEY", "x");
        assertEquals("InvalidAccessKeyId", unknown.send("GET", "/", "", Map.of(), null, now).errorCode());
    }
}
