package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.auth.Authenticator;
import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policy of AWS's "Example: Browser-based upload using HTTP POST (using AWS signature version 4)", with its
 * published signature, then each kind of condition.
 */
class PostPolicyTest {
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String AWS_POLICY = "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0"
            + "aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAi"
            + "dXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAi"
            + "aHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0"
            + "YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEy"
            + "NzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIk"
            + "eC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEy"
            + "MjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwN"
            + "CiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";
    private static final String AWS_SIGNATURE = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";

    private static Authenticator at(String instant) {
        return new Authenticator(key -> Optional.ofNullable(Map.of(ACCESS_KEY, new Credential(ACCESS_KEY, SECRET, 7L))
                .get(key)), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    /** The example form's fields (names lower-cased as PostForm gives them), the key already substituted. */
    private static Map<String, String> awsForm() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "user/user1/photo.jpg");
        fields.put("acl", "public-read");
        fields.put("success_action_redirect", "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html");
        fields.put("content-type", "image/jpeg");
        fields.put("x-amz-meta-uuid", "14365123651274");
        fields.put("x-amz-server-side-encryption", "AES256");
        fields.put("x-amz-credential", ACCESS_KEY + "/20151229/us-east-1/s3/aws4_request");
        fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        fields.put("x-amz-date", "20151229T000000Z");
        fields.put("x-amz-meta-tag", "");
        fields.put("policy", AWS_POLICY);
        fields.put("x-amz-signature", AWS_SIGNATURE);
        return fields;
    }

    private static S3ErrorCode refusal(Runnable check) {
        return assertThrows(S3Exception.class, check::run).error();
    }

    private static String denial(String bucket, Map<String, String> fields) {
        S3Exception e = assertThrows(S3Exception.class, () -> PostPolicy.parse(AWS_POLICY).checkFields(bucket, fields));
        assertEquals(S3ErrorCode.ACCESS_DENIED, e.error());
        return e.getMessage();
    }

    @Test
    void awsExampleVerifiesAndItsFormSatisfiesThePolicy() {
        PostPolicy policy = PostPolicy.parse(AWS_POLICY);
        assertEquals(Instant.parse("2015-12-30T12:00:00Z"), policy.expiration());
        assertEquals(Optional.empty(), policy.lengthRange());

        Authenticator authenticator = at("2015-12-29T10:00:00Z");
        Credential signer = authenticator.verifyPostPolicy(AWS_POLICY, awsForm());
        authenticator.requireLivePolicy(policy.expiration());

        assertEquals(7L, signer.accountId());
        policy.checkFields("sigv4examplebucket", awsForm());
    }

    @Test
    void signatureAndExpirationAreTheAuthenticatorsToCheck() {
        Map<String, String> wrong = awsForm();
        wrong.put("x-amz-signature", AWS_SIGNATURE.replace('8', '9'));
        Instant expiration = PostPolicy.parse(AWS_POLICY).expiration();
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                refusal(() -> at("2015-12-29T10:00:00Z").verifyPostPolicy(AWS_POLICY, wrong)));
        S3Exception expired = assertThrows(S3Exception.class,
                () -> at("2015-12-30T12:00:01Z").requireLivePolicy(expiration));
        assertEquals(S3ErrorCode.ACCESS_DENIED, expired.error());
        assertEquals("Invalid according to Policy: Policy expired.", expired.getMessage());

        Map<String, String> unsigned = awsForm();
        unsigned.remove("x-amz-signature");
        unsigned.remove("x-amz-algorithm");
        unsigned.remove("x-amz-credential");
        assertEquals(S3ErrorCode.ACCESS_DENIED,
                refusal(() -> at("2015-12-29T10:00:00Z").verifyPostPolicy(AWS_POLICY, unsigned)));
    }

    /** Issue 10, item 7: a policy is a bearer token, bounded like a presigned URL (plus the clock skew). */
    @Test
    void aPolicyLivesAtMostSevenDays() {
        Instant expiration = Instant.parse("2015-12-30T12:00:00Z");
        at("2015-12-23T11:45:00Z").requireLivePolicy(expiration);
        S3Exception tooLong = assertThrows(S3Exception.class,
                () -> at("2015-12-23T11:44:59Z").requireLivePolicy(expiration));
        assertEquals(S3ErrorCode.ACCESS_DENIED, tooLong.error());
        assertEquals("Invalid according to Policy: Policy expiration must be at most 7 days ahead.",
                tooLong.getMessage());
    }

    /** Issue 10, item 4: the signature covers the policy's text, so a wrong one is refused before any parsing. */
    @Test
    void theSignatureIsCheckedWithoutParsingThePolicy() {
        String bomb = Base64.getEncoder().encodeToString("{\"conditions\": [{\"key\": 1e999999999}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                refusal(() -> at("2015-12-29T10:00:00Z").verifyPostPolicy(bomb, awsForm())));
    }

    /** Issue 10, item 4: numbers whose plain form would be huge are refused, not expanded. */
    @Test
    void hugeNumbersAreAnInvalidPolicy() {
        for (String number : new String[] {"1e999999999", "-9e-999999999", "1e65", "1e-65", "1e400"}) {
            String json = "{\"expiration\": \"2015-12-30T12:00:00Z\", \"conditions\": [{\"x\": " + number + "}]}";
            String policy = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            assertEquals(S3ErrorCode.INVALID_POLICY_DOCUMENT, refusal(() -> PostPolicy.parse(policy)), number);
            assertTrue(System.nanoTime() - start < 1_000_000_000L, number);
        }
        String json = "{\"expiration\": \"2015-12-30T12:00:00Z\", \"conditions\": [[\"content-length-range\", 0,"
                + " 1e64]]}";
        assertEquals(S3ErrorCode.INVALID_POLICY_DOCUMENT, refusal(() -> PostPolicy.parse(
                Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void eachConditionIsEnforced() {
        Map<String, String> fields = awsForm();
        fields.put("key", "user/user2/photo.jpg");
        assertEquals("Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", \"user/user1/\"]",
                denial("sigv4examplebucket", fields));

        assertEquals("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", \"sigv4examplebucket\"]",
                denial("otherbucket", awsForm()));

        Map<String, String> types = awsForm();
        types.put("content-type", "image/png, text/html");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(() -> PostPolicy.parse(AWS_POLICY)
                .checkFields("sigv4examplebucket", types)));

        Map<String, String> meta = awsForm();
        meta.put("x-amz-meta-uuid", "1");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(() -> PostPolicy.parse(AWS_POLICY)
                .checkFields("sigv4examplebucket", meta)));
    }

    @Test
    void aKeyConditionMayNameTheTemplateOrTheFinalKey() {
        PostPolicy onTemplate = PostPolicy.parse(encode("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":["
                + "{\"key\": \"up/${filename}\"}]}"));
        onTemplate.checkFields("b", Map.of("key", "up/${filename}"), "up/cat.png");
        PostPolicy onPrefix = PostPolicy.parse(encode("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":["
                + "[\"starts-with\", \"$key\", \"up/c\"]]}"));
        onPrefix.checkFields("b", Map.of("key", "up/${filename}"), "up/cat.png");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(() -> onPrefix.checkFields("b",
                Map.of("key", "up/${filename}"), "up/dog.png")));
    }

    @Test
    void everyFieldMustBeCoveredByACondition() {
        Map<String, String> fields = awsForm();
        fields.put("x-amz-meta-extra", "x");
        fields.put("cache-control", "no-cache");
        fields.put("x-ignore-this", "fine");
        assertEquals("Invalid according to Policy: Extra input fields: cache-control, x-amz-meta-extra",
                denial("sigv4examplebucket", fields));
    }

    @Test
    void contentLengthRangeAndSyntax() {
        PostPolicy policy = PostPolicy.parse(encode("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":["
                + "[\"content-length-range\", 10, \"20\"], [\"EQ\", \"$Key\", \"k\"], {\"success_action_status\": 201}]}"));
        assertEquals(Optional.of(new PostPolicy.LengthRange(10, 20)), policy.lengthRange());
        policy.checkFields("b", Map.of("key", "k", "success_action_status", "201"));

        for (String bad : new String[] {"not json", "[]", "{\"conditions\":[]}", "{\"expiration\":\"tomorrow\","
                + "\"conditions\":[]}", "{\"expiration\":\"2030-01-01T00:00:00Z\"}",
                "{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"eq\",\"key\",\"k\"]]}",
                "{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"content-length-range\",5,1]]}",
                "{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"content-length-range\",-1,1]]}",
                "{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"in\",\"$key\",\"k\"]]}",
                "{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[{\"a\":\"1\",\"b\":\"2\"}]}"}) {
            assertEquals(S3ErrorCode.INVALID_POLICY_DOCUMENT, refusal(() -> PostPolicy.parse(encode(bad))), bad);
        }
        assertEquals(S3ErrorCode.INVALID_POLICY_DOCUMENT, refusal(() -> PostPolicy.parse("!!not base64!!")));
    }

    private static String encode(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
