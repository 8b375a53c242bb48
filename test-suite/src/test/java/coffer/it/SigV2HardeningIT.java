package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.SigV2Client;
import coffer.it.support.TestGateway;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SigV2, issue 10: every sub-resource of the query is signed (item 6: s3cmd's shorter list no longer lets
 * {@code response-*} or {@code tagging} ride along unsigned), and a query-signed URL expires at most 7 days
 * ahead (item 7).
 */
class SigV2HardeningIT {
    private static final String BUCKET = "sigv2-hardening";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static S3Client s3;
    private static SigV2Client v2;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        v2 = new SigV2Client(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("page.txt").contentType("text/plain"), RequestBody.fromString("hi"));
    }

    @Test
    void aPresignedUrlCannotTakeAnUnsignedResponseOverride() throws Exception {
        URI url = v2.presignGet("/" + BUCKET + "/page.txt", Instant.now().plus(Duration.ofMinutes(5)));
        assertEquals(200, RawS3.get(url).status());
        RawS3.Result tampered = RawS3.get(URI.create(url + "&response-content-type=text%2Fhtml"));
        assertEquals(403, tampered.status(), tampered.body());
        assertEquals("SignatureDoesNotMatch", tampered.errorCode());
    }

    @Test
    void aHeaderSignedRequestCannotTakeAnUnsignedTaggingSubResource() throws Exception {
        String date = HTTP_DATE.format(Instant.now());
        String path = "/" + BUCKET + "/page.txt";
        // signed as s3cmd signs: without the tagging sub-resource, which AWS's list holds
        String signature = sign("GET\n\n\n" + date + "\n" + path);
        RawS3.Result r = v2.sendSigned("GET", path, "tagging", Map.of(), null, date,
                "AWS " + TestGateway.ACCESS_KEY + ":" + signature);
        assertEquals(403, r.status(), r.body());
        assertEquals("SignatureDoesNotMatch", r.errorCode());
        // signed with it, it is fine
        assertEquals(200, v2.send("GET", path, "tagging", Map.of(), null, Instant.now()).status());
    }

    @Test
    void aPresignedUrlExpiresAtMostSevenDaysAhead() throws Exception {
        RawS3.Result tooLong = RawS3.get(v2.presignGet("/" + BUCKET + "/page.txt",
                Instant.now().plus(Duration.ofDays(7)).plus(Duration.ofMinutes(30))));
        assertEquals(403, tooLong.status(), tooLong.body());
        assertEquals("AccessDenied", tooLong.errorCode());
        assertTrue(tooLong.body().contains("7 days"), tooLong.body());
        RawS3.Result ages = RawS3.get(v2.presignGet("/" + BUCKET + "/page.txt",
                Instant.now().plus(Duration.ofDays(3650))));
        assertEquals(403, ages.status(), ages.body());

        RawS3.Result week = RawS3.get(v2.presignGet("/" + BUCKET + "/page.txt",
                Instant.now().plus(Duration.ofDays(7)).minus(Duration.ofMinutes(5))));
        assertEquals(200, week.status(), week.body());
    }

    private static String sign(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TestGateway.SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
