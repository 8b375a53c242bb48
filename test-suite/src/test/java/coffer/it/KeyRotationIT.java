package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminCli;
import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Master key rotation end to end, through the real admin CLI against a real gateway: rotate, wait for the re-wrap,
 * status shows nothing left on version 1, destroy it (its file is gone), restart the gateway, and every object
 * (single-blob, multi-segment, multipart, copied, SSE-C) and the access key still work, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationIT {
    private static final String BUCKET = "rotated";

    private final SecureRandom random = new SecureRandom();
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();

    @Test
    void rotateRewrapDestroyRestartAndEverythingStillReads() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        byte[] customerKey = bytes(32);
        byte[] sseC = bytes(150_000);
        String keyBase64 = base64(customerKey);
        String keyMd5 = base64(md5(customerKey));
        try (S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            objects.put("small", bytes(10));
            objects.put("segments", bytes(3 * 65536 + 17));
            objects.forEach((k, v) -> s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromBytes(v)));
            byte[] p1 = bytes(5 * 1024 * 1024);
            byte[] p2 = bytes(1234);
            String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multipart")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            int n = 1;
            for (byte[] p : List.of(p1, p2)) {
                int number = n++;
                String etag = s3.uploadPart(b -> b.bucket(BUCKET).key("multipart").uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(p)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multipart").uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            byte[] whole = new byte[p1.length + p2.length];
            System.arraycopy(p1, 0, whole, 0, p1.length);
            System.arraycopy(p2, 0, whole, p1.length, p2.length);
            objects.put("multipart", whole);
            s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("small").destinationBucket(BUCKET)
                    .destinationKey("copy"));
            objects.put("copy", objects.get("small"));
            s3.putObject(b -> b.bucket(BUCKET).key("sse-c").sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(keyBase64).sseCustomerKeyMD5(keyMd5),
                    RequestBody.fromBytes(sseC));
        }
        JsonNode before = status();
        assertEquals(1, before.get("current").asInt());
        // Four object rows (small, segments, copy, sse-c), two manifest parts, the first account's access key.
        assertEquals(7, version(before, 1).get("rows").asLong(), before.toString());

        AdminCli.Run rotated = ok("keys", "rotate", "--wait");
        assertTrue(rotated.out().contains("Master key version 2 is now current"), rotated.out());
        assertTrue(rotated.out().contains("Re-wrap: idle"), rotated.out());
        JsonNode after = status();
        assertEquals(2, after.get("current").asInt());
        assertEquals(0, version(after, 1).get("rows").asLong(), after.toString());
        assertEquals(0, after.at("/rewrap/failed").asLong());
        AdminCli.Run shown = ok("keys", "status");
        assertTrue(shown.out().matches("(?s).*\\n1 +old +0 .*"), shown.out());

        AdminCli.Run refused = cli("keys", "destroy", "2");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("is current"), refused.err());
        ok("keys", "destroy", "1");
        Path keyDir = gateway.dataDir().resolve("keys");
        assertFalse(Files.exists(keyDir.resolve("master-1.key")));
        assertTrue(Files.exists(keyDir.resolve("master-2.key")));

        gateway.restart();
        assertFalse(Files.exists(keyDir.resolve("master-1.key")));
        JsonNode restarted = status();
        assertEquals(1, restarted.get("versions").size(), restarted.toString());
        assertEquals(2, restarted.at("/versions/0/version").asInt());
        try (S3Client s3 = gateway.client()) {
            for (Map.Entry<String, byte[]> e : objects.entrySet()) {
                assertArrayEquals(e.getValue(), s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(e.getKey()))
                        .asByteArray(), e.getKey());
            }
            assertArrayEquals(sseC, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sse-c")
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(keyBase64).sseCustomerKeyMD5(keyMd5))
                    .asByteArray());
            byte[] fresh = bytes(99);
            s3.putObject(b -> b.bucket(BUCKET).key("fresh"), RequestBody.fromBytes(fresh));
            assertArrayEquals(fresh, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("fresh")).asByteArray());
        }
    }

    private JsonNode status() throws Exception {
        return AdminHttp.JSON.readTree(ok("keys", "status", "--json").out());
    }

    private static JsonNode version(JsonNode status, int v) {
        for (JsonNode n : status.get("versions")) {
            if (n.get("version").asInt() == v) {
                return n;
            }
        }
        return AdminHttp.JSON.createObjectNode().put("version", v).put("rows", 0);
    }

    private AdminCli.Run cli(String... args) {
        return AdminCli.run(gateway, args);
    }

    private AdminCli.Run ok(String... args) {
        return AdminCli.ok(gateway, args);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] md5(byte[] b) throws Exception {
        return MessageDigest.getInstance("MD5").digest(b);
    }
}
