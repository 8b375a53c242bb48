package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Browser POST uploads: multipart/form-data bodies built by hand, policies signed with SigV4 by the test's own
 * signer, sent with the JDK's HTTP client (anonymous at the HTTP level, as a browser sends them).
 */
class PostObjectIT {
    private static final String BUCKET = "post-bucket";
    private static final String BOUNDARY = "----CofferFormBoundary" + Long.toHexString(new Random().nextLong());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** A form: fields in order, signed over a policy with the given conditions (JSON array members). */
    private static final class Form {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final List<String> conditions = new ArrayList<>();
        private Instant expiration = Instant.now().plus(Duration.ofHours(1));
        private String secret = TestGateway.SECRET_KEY;

        Form(String key) {
            Instant now = Instant.now();
            String date = AMZ_DATE.format(now).substring(0, 8);
            field("key", key);
            field("x-amz-algorithm", "AWS4-HMAC-SHA256");
            field("x-amz-credential", TestGateway.ACCESS_KEY + "/" + date + "/us-east-1/s3/aws4_request");
            field("x-amz-date", AMZ_DATE.format(now));
            condition("{\"bucket\": \"" + BUCKET + "\"}");
        }

        /** Adds a field and the matching eq condition. */
        Form field(String name, String value) {
            fields.put(name, value);
            return condition("[\"eq\", \"$" + name + "\", \"" + value + "\"]");
        }

        Form unconditionedField(String name, String value) {
            fields.put(name, value);
            return this;
        }

        Form condition(String json) {
            conditions.add(json);
            return this;
        }

        Form replaceKeyCondition(String json) {
            conditions.removeIf(c -> c.contains("\"$key\""));
            return condition(json);
        }

        Form expiring(Instant at) {
            expiration = at;
            return this;
        }

        Form signedWith(String secretKey) {
            secret = secretKey;
            return this;
        }

        byte[] body(String filename, byte[] content) {
            String policy = Base64.getEncoder().encodeToString(("{\"expiration\": \"" + expiration
                    + "\", \"conditions\": [" + String.join(", ", conditions) + "]}").getBytes(StandardCharsets.UTF_8));
            String date = fields.get("x-amz-date").substring(0, 8);
            byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(hmac(hmac(key, "us-east-1"), "s3"), "aws4_request");
            String signature = HexFormat.of().formatHex(hmac(key, policy));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("policy", policy);
            all.put("x-amz-signature", signature);
            all.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                    + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + BUCKET))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String code(HttpResponse<String> response) {
        String body = response.body();
        int start = body.indexOf("<Code>");
        return start < 0 ? null : body.substring(start + 6, body.indexOf("</Code>", start));
    }

    private static void assertAbsent(String key) {
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key(key)));
    }

    /** A form with neither policy nor signature: an anonymous upload. */
    private static byte[] unsignedForm(String key, String acl, String content) {
        StringBuilder b = new StringBuilder();
        b.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n")
                .append(key).append("\r\n");
        b.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"acl\"\r\n\r\n")
                .append(acl).append("\r\n");
        b.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\""
                + "\r\n\r\n").append(content).append("\r\n--").append(BOUNDARY).append("--\r\n");
        return text(b.toString());
    }

    @Test
    void anAnonymousFormNeedsABucketEveryoneMayWriteAndItsAclFieldIsTheObjectsAcl() throws Exception {
        s3.createBucket(b -> b.bucket("post-open"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/post-open"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        HttpResponse<String> denied = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(
                unsignedForm("anon.txt", "public-read", "anonymous"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, denied.statusCode());
        assertEquals("AccessDenied", code(denied));

        s3.putBucketAcl(b -> b.bucket("post-open").acl(BucketCannedACL.PUBLIC_READ_WRITE));
        HttpResponse<String> posted = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(
                unsignedForm("anon.txt", "public-read", "anonymous"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, posted.statusCode(), posted.body());
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint()
                + "/post-open/anon.txt")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), "the form's acl field made it public-read");
        assertEquals("anonymous", read.body());
        assertEquals(s3.listBuckets().owner().id(),
                s3.getObjectAcl(b -> b.bucket("post-open").key("anon.txt")).owner().id(),
                "an anonymous upload belongs to the bucket's owner");
    }

    @Test
    void defaultIs204AndTheObjectKeepsItsFieldsAsHeaders() throws Exception {
        byte[] content = new byte[2 * 1024 * 1024 + 5];
        new Random(1).nextBytes(content);
        Form form = new Form("uploads/${filename}").field("Content-Type", "image/png")
                .field("x-amz-meta-owner", "alice").field("Cache-Control", "max-age=60");

        HttpResponse<String> response = post(form.body("C:\\photos\\cat.png", content));

        assertEquals(204, response.statusCode(), response.body());
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        assertEquals(etag, response.headers().firstValue("ETag").orElseThrow());
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("uploads/cat.png"));
        assertArrayEquals(content, stored.asByteArray());
        assertEquals("image/png", stored.response().contentType());
        assertEquals("max-age=60", stored.response().cacheControl());
        assertEquals(Map.of("owner", "alice"), stored.response().metadata());
    }

    @Test
    void taggingAndChecksumFieldsAreTheObjectsTagsAndAVerifiedChecksum() throws Exception {
        byte[] content = text("checked content");
        String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        String tagging = "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>";
        // A checksum field needs no condition: it only makes the upload stricter.
        HttpResponse<String> ok = post(new Form("tagged.txt").field("tagging", tagging)
                .unconditionedField("x-amz-checksum-sha256", sha256).body("f", content));
        assertEquals(204, ok.statusCode(), ok.body());
        assertEquals(Map.of("k", "v"), s3.getObjectTagging(b -> b.bucket(BUCKET).key("tagged.txt")).tagSet()
                .stream().collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(sha256, s3.headObject(b -> b.bucket(BUCKET).key("tagged.txt")
                .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED)).checksumSHA256());

        HttpResponse<String> bad = post(new Form("bad-sum.txt").unconditionedField("x-amz-checksum-sha256", sha256)
                .body("f", text("other content")));
        assertEquals(400, bad.statusCode());
        assertEquals("BadDigest", code(bad));
        assertAbsent("bad-sum.txt");
        HttpResponse<String> malformed = post(new Form("bad-sum.txt")
                .unconditionedField("x-amz-checksum-sha256", "sailorjerry").body("f", content));
        assertEquals(400, malformed.statusCode());
        assertEquals("InvalidRequest", code(malformed));
        assertAbsent("bad-sum.txt");
    }

    @Test
    void status201AnswersAPostResponseDocument() throws Exception {
        Form form = new Form("created.txt").field("success_action_status", "201");
        HttpResponse<String> response = post(form.body("a.txt", text("hello")));
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("<Bucket>" + BUCKET + "</Bucket>"), response.body());
        assertTrue(response.body().contains("<Key>created.txt</Key>"), response.body());
        assertTrue(response.body().contains("<ETag>&quot;5d41402abc4b2a76b9719d911017c592&quot;</ETag>"),
                response.body());
        assertTrue(response.body().contains("<Location>http://"), response.body());
    }

    @Test
    void status200AnswersAnEmptyBody() throws Exception {
        HttpResponse<String> response = post(new Form("ok.txt").field("success_action_status", "200")
                .body("ok.txt", text("ok")));
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("ok", s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ok.txt")).asUtf8String());
    }

    @Test
    void redirectAnswers303WithBucketKeyAndEtag() throws Exception {
        Form form = new Form("redirected.txt").field("success_action_redirect", "https://example.com/done?x=1");
        HttpResponse<String> response = post(form.body("r.txt", text("hello")));
        assertEquals(303, response.statusCode(), response.body());
        assertEquals("https://example.com/done?x=1&bucket=" + BUCKET + "&key=redirected.txt"
                        + "&etag=%225d41402abc4b2a76b9719d911017c592%22",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void keyOutsideThePrefixIsDenied() throws Exception {
        Form form = new Form("private/x.txt").replaceKeyCondition("[\"starts-with\", \"$key\", \"public/\"]");
        HttpResponse<String> response = post(form.body("x.txt", text("x")));
        assertEquals(403, response.statusCode());
        assertEquals("AccessDenied", code(response));
        assertTrue(response.body().contains("Policy Condition failed"), response.body());
        assertAbsent("private/x.txt");

        HttpResponse<String> allowed = post(new Form("public/x.txt")
                .replaceKeyCondition("[\"starts-with\", \"$key\", \"public/\"]").body("x.txt", text("x")));
        assertEquals(204, allowed.statusCode(), allowed.body());
    }

    @Test
    void policyForAnotherBucketIsDenied() throws Exception {
        Form form = new Form("other.txt");
        form.conditions.set(0, "{\"bucket\": \"someone-elses\"}");
        HttpResponse<String> response = post(form.body("o.txt", text("x")));
        assertEquals(403, response.statusCode());
        assertEquals("AccessDenied", code(response));
        assertAbsent("other.txt");
    }

    @Test
    void contentLengthRangeIsEnforcedWhileStreamingAndNothingIsStored() throws Exception {
        Form tooBig = new Form("big.bin").condition("[\"content-length-range\", 1, 1000]");
        HttpResponse<String> large = post(tooBig.body("big.bin", new byte[300_000]));
        assertEquals(400, large.statusCode());
        assertEquals("EntityTooLarge", code(large));
        assertAbsent("big.bin");

        Form tooSmall = new Form("small.bin").condition("[\"content-length-range\", 10, 1000]");
        HttpResponse<String> small = post(tooSmall.body("small.bin", new byte[9]));
        assertEquals(400, small.statusCode());
        assertEquals("EntityTooSmall", code(small));
        assertAbsent("small.bin");

        Form fits = new Form("fits.bin").condition("[\"content-length-range\", 10, 1000]");
        assertEquals(204, post(fits.body("fits.bin", new byte[1000])).statusCode());
    }

    @Test
    void expiredPolicyIsDenied() throws Exception {
        Form form = new Form("late.txt").expiring(Instant.now().minusSeconds(5));
        HttpResponse<String> response = post(form.body("late.txt", text("x")));
        assertEquals(403, response.statusCode());
        assertEquals("AccessDenied", code(response));
        assertTrue(response.body().contains("Policy expired"), response.body());
        assertAbsent("late.txt");
    }

    @Test
    void wrongSignatureIsRefused() throws Exception {
        HttpResponse<String> response = post(new Form("forged.txt").signedWith("not-the-secret")
                .body("f.txt", text("x")));
        assertEquals(403, response.statusCode());
        assertEquals("SignatureDoesNotMatch", code(response));
        assertAbsent("forged.txt");
    }

    @Test
    void fieldWithoutAConditionIsDenied() throws Exception {
        Form form = new Form("extra.txt").unconditionedField("x-amz-meta-sneaky", "1")
                .unconditionedField("x-ignore-me", "fine");
        HttpResponse<String> response = post(form.body("e.txt", text("x")));
        assertEquals(403, response.statusCode());
        assertEquals("AccessDenied", code(response));
        assertTrue(response.body().contains("Extra input fields: x-amz-meta-sneaky"), response.body());
        assertAbsent("extra.txt");
    }

    @Test
    void anonymousRequestsOtherThanPostObjectAreStillDenied() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + BUCKET))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, get.statusCode());
        HttpResponse<String> notAForm = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + BUCKET))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(412, notAForm.statusCode(), notAForm.body());
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
