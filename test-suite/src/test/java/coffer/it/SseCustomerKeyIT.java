package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.GatewayExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * SSE-C (customer-provided keys) through the AWS SDK v2: round trips on put/get/head, multipart and copy, the
 * errors for a wrong or missing key, and that neither the plaintext nor the key lands on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SseCustomerKeyIT {
    private static final String BUCKET = "ssec";
    private static final int MIB = 1024 * 1024;

    private final SecureRandom random = new SecureRandom();
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private S3Client s3;

    /** A customer key as the SDK takes it: base64 key and base64 MD5. */
    private record Key(byte[] raw, String base64, String md5) {
    }

    @BeforeAll
    void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    private Key newKey() throws Exception {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return new Key(raw, Base64.getEncoder().encodeToString(raw),
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(raw)));
    }

    private void put(String key, byte[] body, Key k) {
        var response = s3.putObject(b -> b.bucket(BUCKET).key(key).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5()), RequestBody.fromBytes(body));
        assertEquals("AES256", response.sseCustomerAlgorithm());
        assertEquals(k.md5(), response.sseCustomerKeyMD5());
    }

    private byte[] get(String key, Key k) {
        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5()));
        assertEquals(k.md5(), got.response().sseCustomerKeyMD5());
        return got.asByteArray();
    }

    private static byte[] marked(String marker, int size) {
        byte[] body = new byte[size];
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + m.length <= size; i += 4096) {
            System.arraycopy(m, 0, body, i, m.length);
        }
        return body;
    }

    @Test
    void roundTripAndHeadEcho() throws Exception {
        Key k = newKey();
        byte[] body = marked("SSEC-ROUNDTRIP-MARKER", 200_000);
        put("round", body, k);
        assertArrayEquals(body, get("round", k));
        var head = s3.headObject(b -> b.bucket(BUCKET).key("round").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5()));
        assertEquals("AES256", head.sseCustomerAlgorithm());
        assertEquals(k.md5(), head.sseCustomerKeyMD5());
        assertEquals(body.length, head.contentLength());
        var range = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("round").range("bytes=70000-70009")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5()));
        assertArrayEquals(Arrays.copyOfRange(body, 70000, 70010), range.asByteArray());
    }

    @Test
    void wrongOrMissingKeyIsABadRequest() throws Exception {
        Key k = newKey();
        Key other = newKey();
        put("guarded", "secret".getBytes(StandardCharsets.US_ASCII), k);
        S3Exception wrong = assertThrows(S3Exception.class, () -> get("guarded", other));
        assertEquals(400, wrong.statusCode()); // as s3-tests expect; AWS says 403 AccessDenied
        assertEquals("InvalidRequest", wrong.awsErrorDetails().errorCode());
        S3Exception missing = assertThrows(S3Exception.class,
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("guarded")));
        assertEquals(400, missing.statusCode());
        assertEquals("InvalidRequest", missing.awsErrorDetails().errorCode());
        assertEquals(400, assertThrows(S3Exception.class,
                () -> s3.headObject(b -> b.bucket(BUCKET).key("guarded"))).statusCode());
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket(BUCKET).key("guarded")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(other.base64()).sseCustomerKeyMD5(other.md5())))
                .statusCode());
    }

    @Test
    void aKeyWhoseMd5DoesNotMatchIsRefused() throws Exception {
        Key k = newKey();
        Key other = newKey();
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("badmd5")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64()).sseCustomerKeyMD5(other.md5()),
                RequestBody.fromString("x")));
        assertEquals(400, e.statusCode());
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertEquals(404, assertThrows(S3Exception.class,
                () -> s3.headObject(b -> b.bucket(BUCKET).key("badmd5"))).statusCode(), "nothing stored");
    }

    @Test
    void multipartUploadNeedsTheSameKeyForEveryPartAndToRead() throws Exception {
        Key k = newKey();
        Key other = newKey();
        byte[] part1 = marked("SSEC-MULTIPART-MARKER", 5 * MIB);
        byte[] part2 = marked("SSEC-MULTIPART-MARKER", 123_457);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mp").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5())).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        var up1 = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(uploadId).partNumber(1)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5()),
                RequestBody.fromBytes(part1));
        assertEquals(k.md5(), up1.sseCustomerKeyMD5());
        parts.add(CompletedPart.builder().partNumber(1).eTag(up1.eTag()).build());
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.uploadPart(b -> b.bucket(BUCKET).key("mp")
                .uploadId(uploadId).partNumber(2).sseCustomerAlgorithm("AES256").sseCustomerKey(other.base64())
                .sseCustomerKeyMD5(other.md5()), RequestBody.fromBytes(part2))).statusCode(), "another key");
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.uploadPart(b -> b.bucket(BUCKET).key("mp")
                .uploadId(uploadId).partNumber(2), RequestBody.fromBytes(part2))).statusCode(), "no key");
        var up2 = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(uploadId).partNumber(2)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5()),
                RequestBody.fromBytes(part2));
        parts.add(CompletedPart.builder().partNumber(2).eTag(up2.eTag()).build());
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket(BUCKET)
                .key("mp").uploadId(uploadId).multipartUpload(m -> m.parts(parts)))).statusCode(), "complete, no key");
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mp").uploadId(uploadId)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64()).sseCustomerKeyMD5(k.md5())
                .multipartUpload(m -> m.parts(parts)));

        byte[] whole = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, whole, 0, part1.length);
        System.arraycopy(part2, 0, whole, part1.length, part2.length);
        assertArrayEquals(whole, get("mp", k));
        assertEquals(400, assertThrows(S3Exception.class,
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mp"))).statusCode());
        assertEquals(400, assertThrows(S3Exception.class, () -> get("mp", other)).statusCode());
    }

    @Test
    void aPlainUploadRefusesAPartWithAKey() throws Exception {
        Key k = newKey();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("plainmp")).uploadId();
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.uploadPart(b -> b.bucket(BUCKET).key("plainmp")
                .uploadId(uploadId).partNumber(1).sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64())
                .sseCustomerKeyMD5(k.md5()), RequestBody.fromString("x"))).statusCode());
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("plainmp").uploadId(uploadId));
    }

    @Test
    void copyReencryptsBetweenKeysAndPlain() throws Exception {
        Key k = newKey();
        Key k2 = newKey();
        byte[] body = marked("SSEC-COPY-MARKER", 100_000);
        put("copy-src", body, k);

        // SSE-C -> plain needs the source key.
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket(BUCKET)
                .sourceKey("copy-src").destinationBucket(BUCKET).destinationKey("copy-plain"))).statusCode());
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket(BUCKET)
                .sourceKey("copy-src").destinationBucket(BUCKET).destinationKey("copy-plain")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k2.base64())
                .copySourceSSECustomerKeyMD5(k2.md5()))).statusCode());
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src").destinationBucket(BUCKET)
                .destinationKey("copy-plain").copySourceSSECustomerAlgorithm("AES256")
                .copySourceSSECustomerKey(k.base64()).copySourceSSECustomerKeyMD5(k.md5()));
        var plain = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy-plain"));
        assertArrayEquals(body, plain.asByteArray());
        assertNull(plain.response().sseCustomerAlgorithm());

        // plain -> SSE-C.
        var copied = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-plain").destinationBucket(BUCKET)
                .destinationKey("copy-k2").sseCustomerAlgorithm("AES256").sseCustomerKey(k2.base64())
                .sseCustomerKeyMD5(k2.md5()));
        assertEquals(k2.md5(), copied.sseCustomerKeyMD5());
        assertArrayEquals(body, get("copy-k2", k2));
        assertEquals(400, assertThrows(S3Exception.class,
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy-k2"))).statusCode());

        // SSE-C -> SSE-C under another key (key rotation by the client).
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src").destinationBucket(BUCKET)
                .destinationKey("copy-src").copySourceSSECustomerAlgorithm("AES256")
                .copySourceSSECustomerKey(k.base64()).copySourceSSECustomerKeyMD5(k.md5())
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k2.base64()).sseCustomerKeyMD5(k2.md5())
                .metadataDirective("REPLACE"));
        assertArrayEquals(body, get("copy-src", k2));
        assertEquals(400, assertThrows(S3Exception.class, () -> get("copy-src", k)).statusCode());
    }

    @Test
    void uploadPartCopyFromAnSseCSource() throws Exception {
        Key k = newKey();
        byte[] body = marked("SSEC-PARTCOPY-MARKER", 5 * MIB + 10);
        put("pc-src", body, k);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("pc-dst")).uploadId();
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET)
                .sourceKey("pc-src").destinationBucket(BUCKET).destinationKey("pc-dst").uploadId(uploadId)
                .partNumber(1))).statusCode());
        var part = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("pc-src").destinationBucket(BUCKET)
                .destinationKey("pc-dst").uploadId(uploadId).partNumber(1).copySourceSSECustomerAlgorithm("AES256")
                .copySourceSSECustomerKey(k.base64()).copySourceSSECustomerKeyMD5(k.md5()));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("pc-dst").uploadId(uploadId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(part.copyPartResult().eTag()).build())));
        assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("pc-dst")).asByteArray());
    }

    @Test
    void neitherPlaintextNorKeyIsOnDisk() throws Exception {
        Key k = newKey();
        String marker = "SSEC-AT-REST-MARKER-" + random.nextInt(1_000_000);
        put("at-rest", marked(marker, 300_000), k);
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(gateway.dataDir())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            assertFalse(contains(content, needle), "plaintext in " + f);
            assertFalse(contains(content, k.raw()), "customer key in " + f);
            assertFalse(contains(content, k.base64().getBytes(StandardCharsets.US_ASCII)), "customer key in " + f);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
