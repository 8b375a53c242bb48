package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import coffer.s3.auth.BodyDigest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Stored checksums with the AWS SDK v2: every algorithm on PutObject, the default CRC64NVME, multipart COMPOSITE
 * and FULL_OBJECT (CRC combination), {@code checksumMode(ENABLED)} on Get/Head (the default client validates the
 * body against what we return), GetObjectAttributes, and the Transfer Manager.
 */
class ChecksumIT {
    static final int MIB = 1024 * 1024;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client defaults;
    static S3Client whenRequired;

    @BeforeAll
    static void start() throws Exception {
        defaults = gateway.s3();
        whenRequired = gateway.s3WhenRequired();
        defaults.createBucket(b -> b.bucket("sums"));
    }

    static coffer.s3.auth.ChecksumAlgorithm ours(ChecksumAlgorithm a) {
        return coffer.s3.auth.ChecksumAlgorithm.fromWireName(a.toString()).orElseThrow();
    }

    static String checksum(ChecksumAlgorithm a, byte[]... chunks) {
        BodyDigest d = ours(a).newDigest();
        for (byte[] c : chunks) {
            d.update(c, 0, c.length);
        }
        return Base64.getEncoder().encodeToString(d.finish());
    }

    static String valueOf(HeadObjectResponse h, ChecksumAlgorithm a) {
        return switch (a) {
            case CRC32 -> h.checksumCRC32();
            case CRC32_C -> h.checksumCRC32C();
            case CRC64_NVME -> h.checksumCRC64NVME();
            case SHA1 -> h.checksumSHA1();
            case SHA256 -> h.checksumSHA256();
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    static String valueOf(UploadPartResponse r, ChecksumAlgorithm a) {
        return switch (a) {
            case CRC32 -> r.checksumCRC32();
            case CRC32_C -> r.checksumCRC32C();
            case CRC64_NVME -> r.checksumCRC64NVME();
            case SHA1 -> r.checksumSHA1();
            case SHA256 -> r.checksumSHA256();
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    static String valueOf(ObjectPart p, ChecksumAlgorithm a) {
        return switch (a) {
            case CRC32 -> p.checksumCRC32();
            case CRC32_C -> p.checksumCRC32C();
            case CRC64_NVME -> p.checksumCRC64NVME();
            case SHA1 -> p.checksumSHA1();
            case SHA256 -> p.checksumSHA256();
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    static CompletedPart completed(int n, UploadPartResponse r, ChecksumAlgorithm a) {
        CompletedPart.Builder b = CompletedPart.builder().partNumber(n).eTag(r.eTag());
        String v = valueOf(r, a);
        return switch (a) {
            case CRC32 -> b.checksumCRC32(v).build();
            case CRC32_C -> b.checksumCRC32C(v).build();
            case CRC64_NVME -> b.checksumCRC64NVME(v).build();
            case SHA1 -> b.checksumSHA1(v).build();
            case SHA256 -> b.checksumSHA256(v).build();
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA1", "SHA256"})
    void everyAlgorithmIsStoredAndReturned(ChecksumAlgorithm algorithm) {
        byte[] data = random(70_000, algorithm.ordinal());
        String key = "single-" + algorithm;
        for (S3Client s3 : List.of(defaults, whenRequired)) {
            s3.putObject(b -> b.bucket("sums").key(key).checksumAlgorithm(algorithm), RequestBody.fromBytes(data));
            HeadObjectResponse head = s3.headObject(b -> b.bucket("sums").key(key).checksumMode(ChecksumMode.ENABLED));
            assertEquals(checksum(algorithm, data), valueOf(head, algorithm));
            assertEquals(ChecksumType.FULL_OBJECT, head.checksumType());
            var got = s3.getObjectAsBytes(b -> b.bucket("sums").key(key).checksumMode(ChecksumMode.ENABLED));
            assertArrayEquals(data, got.asByteArray());
            assertEquals(ChecksumType.FULL_OBJECT, got.response().checksumType());
        }
    }

    /**
     * The SDK computes CRC64NVME only with the aws-crt native library, which the test suite does not carry, so
     * this one is sent by hand: a PUT with the header, and a FULL_OBJECT multipart upload with it on every part.
     */
    @Test
    void crc64NvmeSentByTheClient() throws Exception {
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        byte[] data = random(4321, 21);
        String sum = checksum(ChecksumAlgorithm.CRC64_NVME, data);
        var put = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/sums/nvme", null,
                Map.of("x-amz-checksum-crc64nvme", sum), data, Clock.systemUTC()), RawS3.bytes(data));
        assertEquals(200, put.status(), put.body());
        var bad = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/sums/nvme-bad", null,
                Map.of("x-amz-checksum-crc64nvme", checksum(ChecksumAlgorithm.CRC64_NVME, new byte[1])), data,
                Clock.systemUTC()), RawS3.bytes(data));
        assertEquals("BadDigest", bad.errorCode());
        HeadObjectResponse head = defaults.headObject(b -> b.bucket("sums").key("nvme")
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(sum, head.checksumCRC64NVME());

        byte[][] parts = {random(5 * MIB, 22), random(99, 23)};
        var created = RawS3.send(raw.sign(SdkHttpMethod.POST, "/sums/nvme-mp", "uploads",
                Map.of("x-amz-checksum-algorithm", "CRC64NVME"), new byte[0], Clock.systemUTC()), null);
        assertEquals("FULL_OBJECT", created.headers().get("x-amz-checksum-type").get(0));
        String id = created.body().replaceAll("(?s).*<UploadId>(.*)</UploadId>.*", "$1");
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < parts.length; i++) {
            String partSum = checksum(ChecksumAlgorithm.CRC64_NVME, parts[i]);
            var up = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/sums/nvme-mp", "partNumber=" + (i + 1)
                    + "&uploadId=" + id, Map.of("x-amz-checksum-crc64nvme", partSum), parts[i], Clock.systemUTC()),
                    RawS3.bytes(parts[i]));
            assertEquals(200, up.status(), up.body());
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>")
                    .append(up.headers().get("etag").get(0)).append("</ETag><ChecksumCRC64NVME>").append(partSum)
                    .append("</ChecksumCRC64NVME></Part>");
        }
        byte[] body = xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        var complete = RawS3.send(raw.sign(SdkHttpMethod.POST, "/sums/nvme-mp", "uploadId=" + id, Map.of(), body,
                Clock.systemUTC()), RawS3.bytes(body));
        assertEquals(200, complete.status(), complete.body());
        assertTrue(complete.body().contains("<ChecksumCRC64NVME>" + checksum(ChecksumAlgorithm.CRC64_NVME, parts)
                + "</ChecksumCRC64NVME><ChecksumType>FULL_OBJECT</ChecksumType>"), complete.body());
    }

    @Test
    void anObjectSentWithoutChecksumGetsCrc64Nvme() {
        byte[] data = random(12_345, 9);
        whenRequired.putObject(b -> b.bucket("sums").key("plain"), RequestBody.fromBytes(data));
        HeadObjectResponse head = whenRequired.headObject(b -> b.bucket("sums").key("plain")
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(checksum(ChecksumAlgorithm.CRC64_NVME, data), head.checksumCRC64NVME());
        assertEquals(ChecksumType.FULL_OBJECT, head.checksumType());
        // Without checksum mode, and on a range, no checksum is returned.
        assertNull(whenRequired.headObject(b -> b.bucket("sums").key("plain")).checksumCRC64NVME());
        var range = whenRequired.getObjectAsBytes(b -> b.bucket("sums").key("plain").range("bytes=0-9")
                .checksumMode(ChecksumMode.ENABLED));
        assertNull(range.response().checksumCRC64NVME());
        assertEquals(10, range.asByteArray().length);
        // The default client sends CRC32 in a trailer: that is what gets stored.
        defaults.putObject(b -> b.bucket("sums").key("sdk-default"), RequestBody.fromBytes(data));
        HeadObjectResponse sdk = defaults.headObject(b -> b.bucket("sums").key("sdk-default")
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(checksum(ChecksumAlgorithm.CRC32, data), sdk.checksumCRC32());
    }

    @Test
    void completeChecksTheObjectChecksumTheClientExpects() {
        String key = "mp-expected";
        byte[] data = random(1000, 9);
        String id = defaults.createMultipartUpload(b -> b.bucket("sums").key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        UploadPartResponse r = defaults.uploadPart(b -> b.bucket("sums").key(key).uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
        CompletedPart part = completed(1, r, ChecksumAlgorithm.SHA256);
        BodyDigest d = ours(ChecksumAlgorithm.SHA256).newDigest();
        byte[] raw = Base64.getDecoder().decode(r.checksumSHA256());
        d.update(raw, 0, raw.length);
        String composite = Base64.getEncoder().encodeToString(d.finish()) + "-1";

        S3Exception bad = assertThrows(S3Exception.class, () -> defaults.completeMultipartUpload(b -> b.bucket("sums")
                .key(key).uploadId(id).checksumSHA256("bad").multipartUpload(m -> m.parts(part))));
        assertEquals("BadDigest", bad.awsErrorDetails().errorCode());
        // The refusal left the upload open; the right value (with its -N suffix) completes it, and again.
        var done = defaults.completeMultipartUpload(b -> b.bucket("sums").key(key).uploadId(id)
                .checksumSHA256(composite).multipartUpload(m -> m.parts(part)));
        assertEquals(composite, done.checksumSHA256());
        var again = defaults.completeMultipartUpload(b -> b.bucket("sums").key(key).uploadId(id)
                .checksumSHA256(composite).multipartUpload(m -> m.parts(part)));
        assertEquals(done.eTag(), again.eTag());
        assertEquals(composite, again.checksumSHA256());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"CRC32, COMPOSITE", "SHA256, COMPOSITE", "SHA1, COMPOSITE", "CRC32_C, COMPOSITE",
        "CRC32, FULL_OBJECT", "CRC32_C, FULL_OBJECT"})
    void multipartChecksums(ChecksumAlgorithm algorithm, ChecksumType type) {
        String key = "mp-" + algorithm + "-" + type;
        byte[][] parts = {random(5 * MIB, 1), random(5 * MIB + 3, 2), random(1000, 3)};
        var created = defaults.createMultipartUpload(b -> b.bucket("sums").key(key).checksumAlgorithm(algorithm)
                .checksumType(type));
        assertEquals(algorithm, created.checksumAlgorithm());
        assertEquals(type, created.checksumType());
        String id = created.uploadId();
        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            int n = i + 1;
            UploadPartResponse r = defaults.uploadPart(b -> b.bucket("sums").key(key).uploadId(id).partNumber(n)
                    .checksumAlgorithm(algorithm), RequestBody.fromBytes(parts[i]));
            assertEquals(checksum(algorithm, parts[i]), valueOf(r, algorithm));
            done.add(completed(n, r, algorithm));
        }
        var listed = defaults.listParts(b -> b.bucket("sums").key(key).uploadId(id));
        assertEquals(checksum(algorithm, parts[1]), switch (algorithm) {
            case CRC32 -> listed.parts().get(1).checksumCRC32();
            case CRC32_C -> listed.parts().get(1).checksumCRC32C();
            case CRC64_NVME -> listed.parts().get(1).checksumCRC64NVME();
            case SHA1 -> listed.parts().get(1).checksumSHA1();
            default -> listed.parts().get(1).checksumSHA256();
        });
        var complete = defaults.completeMultipartUpload(b -> b.bucket("sums").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(done)));
        assertEquals(type, complete.checksumType());

        String expected;
        if (type == ChecksumType.COMPOSITE) {
            BodyDigest d = ours(algorithm).newDigest();
            for (byte[] p : parts) {
                byte[] raw = Base64.getDecoder().decode(checksum(algorithm, p));
                d.update(raw, 0, raw.length);
            }
            expected = Base64.getEncoder().encodeToString(d.finish()) + "-3";
        } else {
            expected = checksum(algorithm, parts);
        }
        HeadObjectResponse head = defaults.headObject(b -> b.bucket("sums").key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(expected, valueOf(head, algorithm));
        assertEquals(type, head.checksumType());
        // A part comes with its own checksum (which the default client checks against the part's bytes).
        HeadObjectResponse part2 = defaults.headObject(b -> b.bucket("sums").key(key).partNumber(2)
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(checksum(algorithm, parts[1]), valueOf(part2, algorithm));
        assertEquals(type, part2.checksumType());
        assertArrayEquals(parts[1], defaults.getObjectAsBytes(b -> b.bucket("sums").key(key).partNumber(2)
                .checksumMode(ChecksumMode.ENABLED)).asByteArray());
        // The default client validates a FULL_OBJECT checksum against the body it reads.
        assertArrayEquals(concat(parts), defaults.getObjectAsBytes(b -> b.bucket("sums").key(key)
                .checksumMode(ChecksumMode.ENABLED)).asByteArray());

        GetObjectAttributesResponse attrs = defaults.getObjectAttributes(b -> b.bucket("sums").key(key)
                .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_PARTS,
                        ObjectAttributes.STORAGE_CLASS, ObjectAttributes.OBJECT_SIZE));
        assertEquals(complete.eTag().replace("\"", ""), attrs.eTag());
        assertEquals(concat(parts).length, attrs.objectSize());
        assertEquals("STANDARD", attrs.storageClassAsString());
        assertEquals(type, attrs.checksum().checksumType());
        assertEquals(3, attrs.objectParts().totalPartsCount());
        assertEquals(List.of((long) parts[0].length, (long) parts[1].length, (long) parts[2].length),
                attrs.objectParts().parts().stream().map(ObjectPart::size).toList());
        assertEquals(checksum(algorithm, parts[2]), valueOf(attrs.objectParts().parts().get(2), algorithm));
    }

    @Test
    void multipartWithoutAlgorithmIsCrc64NvmeFullObject() {
        byte[][] parts = {random(5 * MIB, 4), random(777, 5)};
        for (S3Client s3 : List.of(defaults, whenRequired)) {
            String key = "mp-default-" + (s3 == defaults);
            String id = s3.createMultipartUpload(b -> b.bucket("sums").key(key)).uploadId();
            List<CompletedPart> done = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                int n = i + 1;
                String etag = s3.uploadPart(b -> b.bucket("sums").key(key).uploadId(id).partNumber(n),
                        RequestBody.fromBytes(parts[i])).eTag();
                done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket("sums").key(key).uploadId(id)
                    .multipartUpload(m -> m.parts(done)));
            HeadObjectResponse head = s3.headObject(b -> b.bucket("sums").key(key)
                    .checksumMode(ChecksumMode.ENABLED));
            assertEquals(checksum(ChecksumAlgorithm.CRC64_NVME, parts), head.checksumCRC64NVME());
            assertEquals(ChecksumType.FULL_OBJECT, head.checksumType());
            assertArrayEquals(concat(parts), s3.getObjectAsBytes(b -> b.bucket("sums").key(key)
                    .checksumMode(ChecksumMode.ENABLED)).asByteArray());
        }
    }

    @Test
    void badMultipartChecksumRequestsAreRefused() {
        var sha = assertThrows(S3Exception.class, () -> defaults.createMultipartUpload(b -> b.bucket("sums")
                .key("bad").checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumType(ChecksumType.FULL_OBJECT)));
        assertEquals("InvalidRequest", sha.awsErrorDetails().errorCode());
        String id = defaults.createMultipartUpload(b -> b.bucket("sums").key("bad")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        // A part of an upload that chose SHA256 must carry SHA256.
        var missing = assertThrows(S3Exception.class, () -> whenRequired.uploadPart(b -> b.bucket("sums").key("bad")
                .uploadId(id).partNumber(1), RequestBody.fromBytes(new byte[10])));
        assertEquals(400, missing.statusCode());
        UploadPartResponse ok = defaults.uploadPart(b -> b.bucket("sums").key("bad").uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(new byte[10]));
        // A listed part checksum that differs from the stored one is InvalidPart.
        var wrong = assertThrows(S3Exception.class, () -> defaults.completeMultipartUpload(b -> b.bucket("sums")
                .key("bad").uploadId(id).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag(ok.eTag()).checksumSHA256(checksum(ChecksumAlgorithm.SHA256, new byte[11])).build()))));
        assertEquals("InvalidPart", wrong.awsErrorDetails().errorCode());
        defaults.abortMultipartUpload(b -> b.bucket("sums").key("bad").uploadId(id));
    }

    @Test
    void getObjectAttributesOfASingleObjectAndPaging() {
        byte[] data = random(1234, 11);
        defaults.putObject(b -> b.bucket("sums").key("attrs").checksumAlgorithm(ChecksumAlgorithm.SHA1),
                RequestBody.fromBytes(data));
        GetObjectAttributesResponse a = defaults.getObjectAttributes(b -> b.bucket("sums").key("attrs")
                .objectAttributes(ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_SIZE,
                        ObjectAttributes.OBJECT_PARTS));
        assertEquals(checksum(ChecksumAlgorithm.SHA1, data), a.checksum().checksumSHA1());
        assertEquals(1234L, a.objectSize());
        assertNull(a.eTag());
        assertNull(a.objectParts());
        assertTrue(a.lastModified() != null);

        String key = "mp-" + ChecksumAlgorithm.CRC32 + "-" + ChecksumType.COMPOSITE;
        multipartChecksums(ChecksumAlgorithm.CRC32, ChecksumType.COMPOSITE);
        var page = defaults.getObjectAttributes(b -> b.bucket("sums").key(key).maxParts(2)
                .objectAttributes(ObjectAttributes.OBJECT_PARTS));
        assertTrue(page.objectParts().isTruncated());
        assertEquals(List.of(1, 2), page.objectParts().parts().stream().map(ObjectPart::partNumber).toList());
        var rest = defaults.getObjectAttributes(b -> b.bucket("sums").key(key).maxParts(2)
                .partNumberMarker(page.objectParts().nextPartNumberMarker())
                .objectAttributes(ObjectAttributes.OBJECT_PARTS));
        assertEquals(List.of(3), rest.objectParts().parts().stream().map(ObjectPart::partNumber).toList());

        var missing = assertThrows(S3Exception.class, () -> defaults.getObjectAttributes(b -> b.bucket("sums")
                .key("nope").objectAttributes(ObjectAttributes.E_TAG)));
        assertEquals(404, missing.statusCode());
    }

    @Test
    void transferManagerUploadsAndDownloadsWithChecksums(@TempDir Path dir) throws Exception {
        try (S3AsyncClient async = S3AsyncClient.builder().multipartEnabled(true)
                .endpointOverride(gateway.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY))).build();
             S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
            for (int size : new int[] {3 * MIB + 5, 20 * MIB + 17}) {
                Path source = dir.resolve("up-" + size);
                byte[] data = random(size, size);
                Files.write(source, data);
                String key = "tm/" + size;
                tm.uploadFile(u -> u.source(source).putObjectRequest(p -> p.bucket("sums").key(key)))
                        .completionFuture().join();
                Path target = dir.resolve("down-" + size);
                tm.downloadFile(d -> d.destination(target).getObjectRequest(g -> g.bucket("sums").key(key)
                        .checksumMode(ChecksumMode.ENABLED))).completionFuture().join();
                assertArrayEquals(data, Files.readAllBytes(target));
                HeadObjectResponse head = defaults.headObject(b -> b.bucket("sums").key(key)
                        .checksumMode(ChecksumMode.ENABLED));
                assertTrue(head.checksumType() != null, "a checksum is stored for " + key);
            }
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
