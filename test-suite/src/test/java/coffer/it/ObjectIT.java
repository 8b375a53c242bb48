package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** PutObject, GetObject, HeadObject, DeleteObject and ranges, with the SDK's default and WHEN_REQUIRED checksums. */
class ObjectIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client defaults;
    static S3Client whenRequired;

    @BeforeAll
    static void start() throws Exception {
        defaults = gateway.s3();
        whenRequired = gateway.s3WhenRequired();
        defaults.createBucket(b -> b.bucket("objects"));
    }

    static Stream<Arguments> sizesAndClients() {
        return Stream.of(0, 1, 65535, 65536, 65537, 1_000_000, 5 * 1024 * 1024 + 3)
                .flatMap(size -> Stream.of(Arguments.of(size, true), Arguments.of(size, false)));
    }

    @ParameterizedTest(name = "{0} bytes, default checksums {1}")
    @MethodSource("sizesAndClients")
    void roundTrip(int size, boolean sdkDefaults) throws Exception {
        S3Client s3 = sdkDefaults ? defaults : whenRequired;
        byte[] data = random(size, size);
        String key = "rt/" + size + "-" + sdkDefaults;
        var put = s3.putObject(b -> b.bucket("objects").key(key), RequestBody.fromBytes(data));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        assertEquals("\"" + md5 + "\"", put.eTag());

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("objects").key(key));
        assertArrayEquals(data, got.asByteArray());
        assertEquals(put.eTag(), got.response().eTag());
        assertEquals(size, got.response().contentLength());

        HeadObjectResponse head = s3.headObject(b -> b.bucket("objects").key(key));
        assertEquals(size, head.contentLength());
        assertEquals(put.eTag(), head.eTag());
        assertEquals("bytes", head.acceptRanges());
    }

    @Test
    void metadataAndContentHeadersRoundTrip() {
        Instant expires = Instant.parse("2030-01-02T03:04:05Z");
        defaults.putObject(b -> b.bucket("objects").key("meta").contentType("text/plain; charset=utf-8")
                        .contentDisposition("attachment; filename=\"a b.txt\"").contentEncoding("gzip")
                        .contentLanguage("de-CH").cacheControl("max-age=60").expires(expires)
                        .metadata(Map.of("color", "blue", "mtime", "1700000000.5")),
                RequestBody.fromString("hello"));
        HeadObjectResponse head = defaults.headObject(b -> b.bucket("objects").key("meta"));
        assertEquals("text/plain; charset=utf-8", head.contentType());
        assertEquals("attachment; filename=\"a b.txt\"", head.contentDisposition());
        assertEquals("gzip", head.contentEncoding()); // never "aws-chunked"
        assertEquals("de-CH", head.contentLanguage());
        assertEquals("max-age=60", head.cacheControl());
        assertEquals("Wed, 02 Jan 2030 03:04:05 GMT", head.expiresString());
        assertEquals(Map.of("color", "blue", "mtime", "1700000000.5"), head.metadata());
        assertEquals(Instant.now().getEpochSecond(), head.lastModified().getEpochSecond(), 60.0);

        var got = defaults.getObjectAsBytes(b -> b.bucket("objects").key("meta")
                .responseContentType("application/x-override").responseCacheControl("no-store"));
        assertEquals("application/x-override", got.response().contentType());
        assertEquals("no-store", got.response().cacheControl());
    }

    @Test
    void chunkedUploadDoesNotStoreAwsChunkedEncoding() {
        defaults.putObject(b -> b.bucket("objects").key("plain"), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        HeadObjectResponse head = defaults.headObject(b -> b.bucket("objects").key("plain"));
        assertNull(head.contentEncoding());
    }

    @Test
    void ranges() {
        byte[] data = random(200_000, 7);
        defaults.putObject(b -> b.bucket("objects").key("ranged"), RequestBody.fromBytes(data));
        assertRange("bytes=0-0", data, 0, 0);
        assertRange("bytes=65530-65545", data, 65530, 65545);
        assertRange("bytes=199990-", data, 199990, 199999);
        assertRange("bytes=-10", data, 199990, 199999);
        assertRange("bytes=100-999999", data, 100, 199999);

        var multi = defaults.getObjectAsBytes(b -> b.bucket("objects").key("ranged").range("bytes=0-1,5-6"));
        assertArrayEquals(data, multi.asByteArray());
        assertNull(multi.response().contentRange());

        S3Exception e = assertThrows(S3Exception.class,
                () -> defaults.getObjectAsBytes(b -> b.bucket("objects").key("ranged").range("bytes=200000-")));
        assertEquals(416, e.statusCode());
        assertEquals("InvalidRange", e.awsErrorDetails().errorCode());
    }

    private static void assertRange(String range, byte[] data, int first, int last) {
        var got = defaults.getObjectAsBytes(b -> b.bucket("objects").key("ranged").range(range));
        byte[] expected = java.util.Arrays.copyOfRange(data, first, last + 1);
        assertArrayEquals(expected, got.asByteArray(), range);
        assertEquals("bytes " + first + "-" + last + "/" + data.length, got.response().contentRange(), range);
    }

    @Test
    void overwriteAndDelete() {
        defaults.putObject(b -> b.bucket("objects").key("over"), RequestBody.fromString("first"));
        defaults.putObject(b -> b.bucket("objects").key("over"), RequestBody.fromString("second version"));
        assertEquals("second version", defaults.getObjectAsBytes(b -> b.bucket("objects").key("over")).asUtf8String());
        defaults.deleteObject(b -> b.bucket("objects").key("over"));
        S3Exception e = assertThrows(S3Exception.class,
                () -> defaults.getObjectAsBytes(b -> b.bucket("objects").key("over")));
        assertEquals("NoSuchKey", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        assertEquals(404, assertThrows(S3Exception.class,
                () -> defaults.headObject(b -> b.bucket("objects").key("over"))).statusCode());
        // Deleting a missing key is a 204 as well.
        assertEquals(204, defaults.deleteObject(b -> b.bucket("objects").key("never-there")).sdkHttpResponse()
                .statusCode());
    }

    @Test
    void nonAsciiMetadataIsSignedAndStoredAsUtf8() {
        // The SDK's HTTP client writes header characters as ISO-8859-1 bytes (so only that range can be sent)
        // and signs their UTF-8 form; botocore sends UTF-8 bytes. Both must verify.
        defaults.putObject(b -> b.bucket("objects").key("unicode-meta").metadata(Map.of("greeting", "Grüezi é")),
                RequestBody.fromString("x"));
        var head = defaults.headObject(b -> b.bucket("objects").key("unicode-meta"));
        // The SDK reads header bytes as ISO-8859-1; the bytes on the wire are the UTF-8 ones we were sent.
        String value = head.metadata().get("greeting");
        assertEquals("Grüezi é", new String(value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void notModifiedCarriesTheValidators() throws Exception {
        String etag = defaults.putObject(b -> b.bucket("objects").key("n304"), RequestBody.fromString("c")).eTag();
        var raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        var signed = raw.sign(software.amazon.awssdk.http.SdkHttpMethod.GET, "/objects/n304", null,
                Map.of("If-None-Match", etag), null, java.time.Clock.systemUTC());
        RawS3.Result r = RawS3.send(signed, null);
        assertEquals(304, r.status());
        assertEquals(java.util.List.of(etag), r.headers().get("etag"));
        assertEquals(1, r.headers().get("last-modified").size());
    }

    @Test
    void conditionalGet() {
        String etag = defaults.putObject(b -> b.bucket("objects").key("cond"), RequestBody.fromString("c")).eTag();
        assertEquals("c", defaults.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifMatch(etag)).asUtf8String());
        assertEquals(412, assertThrows(S3Exception.class, () -> defaults.getObjectAsBytes(
                b -> b.bucket("objects").key("cond").ifMatch("\"0000\""))).statusCode());
        assertEquals(304, assertThrows(S3Exception.class, () -> defaults.getObjectAsBytes(
                b -> b.bucket("objects").key("cond").ifNoneMatch(etag))).statusCode());
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
