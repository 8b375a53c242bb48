package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * PostObject (browser form upload) against the in-memory engine: the form's policy is signed (SigV2) with the test
 * accounts' secrets and verified by the real {@link coffer.s3.auth.Authenticator} at {@link HandlerFixture#CLOCK};
 * the upload runs as the policy's signer.
 */
class PostObjectHandlerTest {
    private static final String BOUNDARY = "----CofferFormBoundary42";
    private static final String LIVE = "2026-06-01T13:00:00Z";
    private static final String UPLOADS_ONLY = "[\"starts-with\", \"$key\", \"uploads/\"]";

    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("forms");
    private final List<Credential> admitted = new ArrayList<>();

    /** A policy document, base64 as the form carries it. */
    private static String policy(String expiration, String... conditions) {
        String json = "{\"expiration\": \"" + expiration + "\", \"conditions\": [{\"bucket\": \"forms\"}, "
                + String.join(", ", conditions) + "]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** SigV2 of a POST policy: base64(HMAC-SHA1(secret, the base64 policy)). */
    private static String sign(String secret, String policy) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(policy.getBytes(StandardCharsets.UTF_8)));
    }

    /** The fields of a form whose policy account {@code accountId} signed, before any other field. */
    private static Map<String, String> signedBy(long accountId, String policy) throws Exception {
        Credential key = HandlerRequests.credential(accountId);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("AWSAccessKeyId", key.accessKeyId());
        fields.put("policy", policy);
        fields.put("signature", sign(key.secretKey(), policy));
        return fields;
    }

    private static byte[] form(Map<String, String> fields, String filename, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private S3Response post(Map<String, String> fields, String filename, String content) {
        byte[] body = form(fields, filename, content.getBytes(StandardCharsets.UTF_8));
        return f.posts.postObject(f.request("POST", "/forms").anonymous()
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Content-Length", Integer.toString(body.length)).body(body).context(), admitted::add);
    }

    private S3ErrorCode refused(Map<String, String> fields, String content) {
        S3ErrorCode code = assertThrows(S3Exception.class, () -> post(fields, "a.txt", content)).error();
        assertTrue(f.storage.listObjects(bucket, "", null, null, 10).contents().isEmpty(), "nothing is stored");
        return code;
    }

    @Test
    void aValidFormStoresTheFileUnderItsFilenameAsTheSigner() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY));
        fields.put("key", "uploads/${filename}");
        S3Response response = post(fields, "hello.txt", "hello, form");

        assertEquals(204, response.status());
        assertEquals("http://localhost/forms/uploads/hello.txt", response.firstHeader("Location"));
        assertTrue(response.firstHeader("ETag").matches("\"[0-9a-f]{32}\""), response.firstHeader("ETag"));
        assertArrayEquals("hello, form".getBytes(StandardCharsets.UTF_8), f.stored("forms", "uploads/hello.txt"));
        assertEquals(List.of(1L), admitted.stream().map(Credential::accountId).toList(), "the signer is admitted");
    }

    @Test
    void successActionStatus201AnswersAPostResponseDocument() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY, "{\"success_action_status\": \"201\"}"));
        fields.put("key", "uploads/report.txt");
        fields.put("success_action_status", "201");
        S3Response response = post(fields, "report.txt", "quarterly");

        assertEquals(201, response.status());
        String xml = text(response);
        assertTrue(xml.contains("<Bucket>forms</Bucket>") && xml.contains("<Key>uploads/report.txt</Key>"), xml);
        assertTrue(xml.contains("<Location>http://localhost/forms/uploads/report.txt</Location>"), xml);
        assertArrayEquals("quarterly".getBytes(StandardCharsets.UTF_8), f.stored("forms", "uploads/report.txt"));
    }

    @Test
    void successActionRedirectAnswers303WithTheObjectInTheQuery() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY,
                "[\"starts-with\", \"$success_action_redirect\", \"https://app.example/\"]"));
        fields.put("key", "uploads/x y.txt");
        fields.put("success_action_redirect", "https://app.example/done?from=form");
        S3Response response = post(fields, "x.txt", "spaced");

        assertEquals(303, response.status());
        String location = response.firstHeader("Location");
        assertTrue(location.startsWith("https://app.example/done?from=form&bucket=forms&key=uploads%2Fx+y.txt&etag="),
                location);
        assertArrayEquals("spaced".getBytes(StandardCharsets.UTF_8), f.stored("forms", "uploads/x y.txt"));
    }

    @Test
    void anExpiredPolicyIsAccessDenied() throws Exception {
        Map<String, String> fields = signedBy(1, policy("2026-06-01T11:59:00Z", UPLOADS_ONLY));
        fields.put("key", "uploads/late.txt");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(fields, "late"));
    }

    @Test
    void aPolicyExpiringMoreThanAWeekAheadIsAccessDenied() throws Exception {
        Map<String, String> fields = signedBy(1, policy("2026-06-20T12:00:00Z", UPLOADS_ONLY));
        fields.put("key", "uploads/forever.txt");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(fields, "forever"));
    }

    @Test
    void aSignatureByAnotherSecretDoesNotMatch() throws Exception {
        String policy = policy(LIVE, UPLOADS_ONLY);
        Map<String, String> fields = signedBy(1, policy);
        fields.put("signature", sign(HandlerRequests.credential(2).secretKey(), policy));
        fields.put("key", "uploads/forged.txt");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, refused(fields, "forged"));
        assertTrue(admitted.isEmpty(), "no signer is admitted");
    }

    @Test
    void anUnknownAccessKeyIsInvalidAccessKeyId() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY));
        fields.put("AWSAccessKeyId", "AKIDNOBODY");
        fields.put("key", "uploads/ghost.txt");
        assertEquals(S3ErrorCode.INVALID_ACCESS_KEY_ID, refused(fields, "ghost"));
    }

    @Test
    void aKeyOutsideThePolicysConditionIsAccessDenied() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY));
        fields.put("key", "elsewhere/file.txt");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(fields, "misplaced"));
    }

    @Test
    void aFieldNoConditionNamesIsAccessDenied() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY));
        fields.put("key", "uploads/extra.txt");
        fields.put("x-amz-meta-colour", "red");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(fields, "extra"));
    }

    @Test
    void aFileLargerThanTheContentLengthRangeIsEntityTooLarge() throws Exception {
        Map<String, String> fields = signedBy(1, policy(LIVE, UPLOADS_ONLY, "[\"content-length-range\", 1, 4]"));
        fields.put("key", "uploads/big.txt");
        assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, refused(fields, "far too long"));
    }

    @Test
    void aSignerWithoutWriteOnTheBucketIsAccessDenied() throws Exception {
        Map<String, String> fields = signedBy(2, policy(LIVE, UPLOADS_ONLY));
        fields.put("key", "uploads/intruder.txt");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(fields, "intruder"));
    }

    @Test
    void anUnsignedFormNeedsABucketEveryoneMayWrite() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "drop.txt");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(fields, "anonymous"));

        f.aclHandler.putBucketAcl(f.request("PUT", "/forms?acl").header("x-amz-acl", "public-read-write").context());
        assertEquals(204, post(fields, "drop.txt", "anonymous").status());
        assertArrayEquals("anonymous".getBytes(StandardCharsets.UTF_8), f.stored("forms", "drop.txt"));
    }

    @Test
    void aRequestThatIsNotAFormIsPreconditionFailed() {
        S3Exception e = assertThrows(S3Exception.class, () -> f.posts.postObject(f.request("POST", "/forms")
                .anonymous().header("Content-Type", "text/plain").body("key=x").context(), admitted::add));
        assertEquals(S3ErrorCode.PRECONDITION_FAILED, e.error());
    }
}
