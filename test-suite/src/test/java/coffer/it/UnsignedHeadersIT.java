package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * SigV4 requests must sign every {@code x-amz-*} header they carry (issue 10, item 2): a presigned PUT URL signs
 * only {@code host}, and without the check it could be sent as a CopyObject of any object its signer can read,
 * made public by an added grant. The SDK's own presigned URLs, with the headers they sign, keep working.
 */
class UnsignedHeadersIT {
    private static final String BUCKET = "unsigned-headers";
    private static final String ALL_USERS = "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"";
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "expect", "connection");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static S3Client s3;
    private static S3Presigner presigner;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        presigner = gateway.presigner();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("private.txt"), RequestBody.fromString("the signer's secret"));
    }

    @AfterAll
    static void stop() {
        presigner.close();
    }

    @Test
    void presignedPutSentAsCopyOfAPrivateObjectMadePublicIsRefused() throws Exception {
        URI url = presignPut("copy.txt");
        HttpResponse<String> r = send("PUT", url, Map.of("x-amz-copy-source", "/" + BUCKET + "/private.txt",
                "x-amz-grant-read", ALL_USERS), "");
        assertNotSigned(r, "x-amz-copy-source, x-amz-grant-read");
        assertAbsent("copy.txt");
        // and nobody can read it anonymously
        assertEquals(403, send("GET", URI.create(gateway.endpoint() + "/" + BUCKET + "/copy.txt"), Map.of(), null)
                .statusCode());
    }

    @Test
    void presignedPutWithAnAddedCannedAclIsRefused() throws Exception {
        HttpResponse<String> r = send("PUT", presignPut("acl.txt"), Map.of("x-amz-acl", "public-read"), "data");
        assertNotSigned(r, "x-amz-acl");
        assertAbsent("acl.txt");
    }

    @Test
    void presignedUploadPartSentAsUploadPartCopyIsRefused() throws Exception {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu.txt")).uploadId();
        URI url = presigner.presignUploadPart(p -> p.signatureDuration(Duration.ofMinutes(5))
                .uploadPartRequest(u -> u.bucket(BUCKET).key("mpu.txt").uploadId(uploadId).partNumber(1)))
                .url().toURI();
        HttpResponse<String> r = send("PUT", url, Map.of("x-amz-copy-source", "/" + BUCKET + "/private.txt"), "");
        assertNotSigned(r, "x-amz-copy-source");
        assertTrue(s3.listParts(b -> b.bucket(BUCKET).key("mpu.txt").uploadId(uploadId)).parts().isEmpty());
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("mpu.txt").uploadId(uploadId));
    }

    @Test
    void replayedHeaderSignedRequestWithAnAddedAclIsRefused() throws Exception {
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        byte[] body = "replayed".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = raw.sign(SdkHttpMethod.PUT, "/" + BUCKET + "/replayed.txt", null, Map.of(), body,
                Clock.systemUTC());
        SdkHttpRequest tampered = signed.toBuilder().putHeader("x-amz-acl", "public-read").build();
        RawS3.Result r = RawS3.send(tampered, RawS3.bytes(body));
        assertEquals(403, r.status(), r.body());
        assertEquals("AccessDenied", r.errorCode());
        assertTrue(r.body().contains("<HeadersNotSigned>x-amz-acl</HeadersNotSigned>"), r.body());
        assertAbsent("replayed.txt");
        // the request as signed is still fine
        assertEquals(200, RawS3.send(signed, RawS3.bytes(body)).status());
    }

    @Test
    void presignedPutWithTheHeadersTheSdkSignedIsAccepted() throws Exception {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(p -> p
                .signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket(BUCKET).key("with-meta.txt").metadata(Map.of("colour", "blue"))
                        .contentType("text/plain").checksumAlgorithm(ChecksumAlgorithm.CRC32)
                        .acl("public-read")));
        Map<String, String> headers = new java.util.TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        assertTrue(headers.containsKey("x-amz-meta-colour"), headers.toString());
        // the SDK sends no checksum value with a presigned URL, but if it signs the algorithm it must be sent
        HttpResponse<String> r = send("PUT", presigned.url().toURI(), headers, "presigned with headers");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("blue", s3.headObject(b -> b.bucket(BUCKET).key("with-meta.txt")).metadata().get("colour"));
    }

    @Test
    void anUnsignedPayloadHashHeaderIsTolerated() throws Exception {
        HttpResponse<String> r = send("PUT", presignPut("hash.txt"),
                Map.of("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), "payload hash header");
        assertEquals(200, r.statusCode(), r.body());
    }

    private static URI presignPut(String key) throws Exception {
        return presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket(BUCKET).key(key))).url().toURI();
    }

    private static HttpResponse<String> send(String method, URI uri, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                b.header(name, value);
            }
        });
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNotSigned(HttpResponse<String> r, String names) {
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
        assertTrue(r.body().contains("There were headers present in the request which were not signed"), r.body());
        assertTrue(r.body().contains("<HeadersNotSigned>" + names + "</HeadersNotSigned>"), r.body());
    }

    private static void assertAbsent(String key) {
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key(key)));
    }

}
