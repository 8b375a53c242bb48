package coffer.s3.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The requests of AWS's S3 SigV4 documentation ("Signature Calculations for the Authorization Header",
 * "Authenticating Requests: Using Query Parameters"), all at 20130524T000000Z with the example credential.
 */
final class AwsExamples {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = ChunkedBodies.SECRET;
    static final String HOST = "examplebucket.s3.amazonaws.com";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final Instant TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String CREDENTIAL = ACCESS_KEY + "/20130524/us-east-1/s3/aws4_request";
    static final CredentialLookup LOOKUP = key -> Optional.ofNullable(
            Map.of(ACCESS_KEY, new Credential(ACCESS_KEY, SECRET, 42L)).get(key));

    static final String GET_OBJECT_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    static final String PUT_OBJECT_SIGNATURE = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";
    static final String LIFECYCLE_SIGNATURE = "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543";
    static final String LIST_SIGNATURE = "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7";
    static final String PRESIGNED_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    static final String PUT_BODY = "Welcome to Amazon S3.";
    static final String PUT_SHA256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

    private AwsExamples() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static String authorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + signature;
    }

    static FakeRequest getObject() {
        return FakeRequest.of("GET", "/test.txt", "")
                .header("Host", HOST)
                .header("Range", "bytes=0-9")
                .header("x-amz-content-sha256", EMPTY_SHA256)
                .header("x-amz-date", "20130524T000000Z")
                .header("Authorization", authorization("host;range;x-amz-content-sha256;x-amz-date",
                        GET_OBJECT_SIGNATURE));
    }

    static FakeRequest putObject(String rawPath) {
        return FakeRequest.of("PUT", rawPath, "")
                .header("Host", HOST)
                .header("Date", "Fri, 24 May 2013 00:00:00 GMT")
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .header("x-amz-content-sha256", PUT_SHA256)
                .header("Content-Length", "21")
                .header("Authorization", authorization(
                        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", PUT_OBJECT_SIGNATURE))
                .body(PUT_BODY);
    }

    static FakeRequest bucketGet(String rawQuery, String signature) {
        return FakeRequest.of("GET", "/", rawQuery)
                .header("Host", HOST)
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-content-sha256", EMPTY_SHA256)
                .header("Authorization", authorization("host;x-amz-content-sha256;x-amz-date", signature));
    }

    static String presignedQuery(String expires, String signature) {
        return "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3"
                + "%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=" + expires
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature;
    }

    static FakeRequest presignedGet(String expires, String signature) {
        return FakeRequest.of("GET", "/test.txt", presignedQuery(expires, signature)).header("Host", HOST);
    }

    /** Signs a canonical request written out by hand, independently of the production code. */
    static String sign(String secret, String date, String region, String amzDate, String canonicalRequest) {
        byte[] key = ChunkedBodies.hmac(("AWS4" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8), date);
        key = ChunkedBodies.hmac(key, region);
        key = ChunkedBodies.hmac(key, "s3");
        key = ChunkedBodies.hmac(key, "aws4_request");
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + date + "/" + region + "/s3/aws4_request\n"
                + ChunkedBodies.sha256Hex(canonicalRequest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(ChunkedBodies.hmac(key, toSign));
    }
}
