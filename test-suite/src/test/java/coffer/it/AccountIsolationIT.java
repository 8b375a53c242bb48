package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Isolation: an account reaches only its own buckets. Every operation of a second account (created through the
 * admin API) on the first account's bucket and objects is denied, and none of them changes anything.
 */
class AccountIsolationIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client owner;
    static S3Client intruder;
    static String ownersUpload;
    static String intrudersUpload;

    @BeforeAll
    static void start() throws Exception {
        owner = gateway.s3();
        owner.createBucket(b -> b.bucket("owned"));
        owner.putObject(b -> b.bucket("owned").key("secret.txt"), RequestBody.fromString("owner's data"));
        owner.putBucketCors(b -> b.bucket("owned").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("https://owner.example").allowedMethods("GET").build())));
        JsonNode created = AdminHttp.of(gateway).post("/v1/accounts", "{\"name\":\"intruder\"}").json();
        intruder = gateway.client(created.at("/key/accessKeyId").asText(), created.at("/key/secretKey").asText(),
                false, RequestChecksumCalculation.WHEN_SUPPORTED);
        intruder.createBucket(b -> b.bucket("intruders-own"));
        intruder.putObject(b -> b.bucket("intruders-own").key("mine"), RequestBody.fromString("intruder's"));
        ownersUpload = owner.createMultipartUpload(b -> b.bucket("owned").key("big")).uploadId();
        owner.uploadPart(b -> b.bucket("owned").key("big").uploadId(ownersUpload).partNumber(1),
                RequestBody.fromString("part one"));
        intrudersUpload = intruder.createMultipartUpload(b -> b.bucket("intruders-own").key("assembled")).uploadId();
    }

    @AfterAll
    static void stop() {
        intruder.close();
    }

    @Test
    void everyOperationOnAnotherAccountsBucketIsDenied() {
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("ListObjects", () -> intruder.listObjects(b -> b.bucket("owned")));
        ops.put("ListObjectsV2", () -> intruder.listObjectsV2(b -> b.bucket("owned")));
        ops.put("HeadBucket", () -> intruder.headBucket(b -> b.bucket("owned")));
        ops.put("GetBucketLocation", () -> intruder.getBucketLocation(b -> b.bucket("owned")));
        ops.put("GetObject", () -> intruder.getObjectAsBytes(b -> b.bucket("owned").key("secret.txt")));
        ops.put("GetObjectRange", () -> intruder.getObjectAsBytes(b -> b.bucket("owned").key("secret.txt")
                .range("bytes=0-3")));
        ops.put("HeadObject", () -> intruder.headObject(b -> b.bucket("owned").key("secret.txt")));
        ops.put("HeadMissingObject", () -> intruder.headObject(b -> b.bucket("owned").key("missing")));
        ops.put("PutObject", () -> intruder.putObject(b -> b.bucket("owned").key("secret.txt"),
                RequestBody.fromString("overwritten")));
        ops.put("PutNewObject", () -> intruder.putObject(b -> b.bucket("owned").key("new.txt"),
                RequestBody.fromString("planted")));
        ops.put("DeleteObject", () -> intruder.deleteObject(b -> b.bucket("owned").key("secret.txt")));
        ops.put("DeleteBucket", () -> intruder.deleteBucket(b -> b.bucket("owned")));
        ops.put("GetBucketAcl", () -> intruder.getBucketAcl(b -> b.bucket("owned")));
        ops.put("PutBucketAcl", () -> intruder.putBucketAcl(b -> b.bucket("owned").acl(BucketCannedACL.PUBLIC_READ)));
        ops.put("GetBucketCors", () -> intruder.getBucketCors(b -> b.bucket("owned")));
        ops.put("PutBucketCors", () -> intruder.putBucketCors(b -> b.bucket("owned").corsConfiguration(c -> c
                .corsRules(CORSRule.builder().allowedOrigins("*").allowedMethods("GET").build()))));
        ops.put("DeleteBucketCors", () -> intruder.deleteBucketCors(b -> b.bucket("owned")));
        ops.put("CopyObjectOut", () -> intruder.copyObject(b -> b.sourceBucket("owned").sourceKey("secret.txt")
                .destinationBucket("intruders-own").destinationKey("stolen")));
        ops.put("CopyObjectIn", () -> intruder.copyObject(b -> b.sourceBucket("intruders-own").sourceKey("mine")
                .destinationBucket("owned").destinationKey("planted")));
        ops.put("CreateMultipartUpload", () -> intruder.createMultipartUpload(b -> b.bucket("owned").key("x")));
        ops.put("UploadPart", () -> intruder.uploadPart(b -> b.bucket("owned").key("big").uploadId(ownersUpload)
                .partNumber(2), RequestBody.fromString("injected")));
        ops.put("UploadPartCopy", () -> intruder.uploadPartCopy(b -> b.sourceBucket("owned")
                .sourceKey("secret.txt").destinationBucket("intruders-own").destinationKey("assembled")
                .uploadId(intrudersUpload).partNumber(1)));
        ops.put("ListParts", () -> intruder.listParts(b -> b.bucket("owned").key("big").uploadId(ownersUpload)));
        ops.put("ListMultipartUploads", () -> intruder.listMultipartUploads(b -> b.bucket("owned")));
        ops.put("CompleteMultipartUpload", () -> intruder.completeMultipartUpload(b -> b.bucket("owned").key("big")
                .uploadId(ownersUpload).multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag("\"x\"")))));
        ops.put("AbortMultipartUpload", () -> intruder.abortMultipartUpload(b -> b.bucket("owned").key("big")
                .uploadId(ownersUpload)));
        for (Map.Entry<String, Runnable> op : ops.entrySet()) {
            S3Exception e = assertThrows(S3Exception.class, op.getValue()::run, op.getKey());
            assertEquals(403, e.statusCode(), op.getKey());
            if (!op.getKey().startsWith("Head")) { // HEAD answers carry no body, so no error code
                assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), op.getKey());
            }
        }
        // DeleteObjects is decided key by key, as AWS does: 200 with AccessDenied for every key, nothing deleted.
        DeleteObjectsResponse multi = intruder.deleteObjects(b -> b.bucket("owned").delete(d -> d.objects(
                o -> o.key("secret.txt"), o -> o.key("missing"))));
        assertEquals(List.of(), multi.deleted(), "DeleteObjects deleted nothing");
        assertEquals(List.of("AccessDenied", "AccessDenied"), multi.errors().stream().map(e -> e.code()).toList(),
                "DeleteObjects: every key refused, whether it exists or not");
        S3Exception taken = assertThrows(S3Exception.class, () -> intruder.createBucket(b -> b.bucket("owned")));
        assertEquals("BucketAlreadyExists", taken.awsErrorDetails().errorCode());

        // Nothing changed for the owner.
        assertEquals("owner's data", owner.getObjectAsBytes(b -> b.bucket("owned").key("secret.txt")).asUtf8String());
        assertEquals(1, owner.listObjectsV2(b -> b.bucket("owned")).keyCount());
        assertEquals(1, owner.getBucketCors(b -> b.bucket("owned")).corsRules().size());
        assertEquals(1, owner.getBucketAcl(b -> b.bucket("owned")).grants().size(), "still private");
        assertEquals(1, owner.listParts(b -> b.bucket("owned").key("big").uploadId(ownersUpload)).parts().size());
        assertEquals(1, intruder.listObjectsV2(b -> b.bucket("intruders-own")).keyCount(), "nothing was stolen");
        assertEquals(0, intruder.listParts(b -> b.bucket("intruders-own").key("assembled")
                .uploadId(intrudersUpload)).parts().size());
    }

    @Test
    void listBucketsShowsOnlyOwnBuckets() {
        assertEquals(java.util.List.of("intruders-own"),
                intruder.listBuckets().buckets().stream().map(b -> b.name()).toList());
        assertFalse(owner.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("intruders-own")));
    }

    @Test
    void theOwnerIsDeniedOnTheOtherAccountsBucketToo() {
        S3Exception e = assertThrows(S3Exception.class, () -> owner.putObject(b -> b.bucket("intruders-own")
                .key("x"), RequestBody.fromString("x")));
        assertEquals(403, e.statusCode());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
    }
}
