package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ownership controls: the document's rules, and Get/Put/Delete against the in-memory engine. */
class OwnershipControlsHandlerTest {
    private static final XmlReader XML = new XmlReader(64 * 1024);

    private final HandlerFixture f = new HandlerFixture();

    private static String controls(String rule) {
        return "<OwnershipControls xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ObjectOwnership>" + rule
                + "</ObjectOwnership></Rule></OwnershipControls>";
    }

    private S3Response put(String rule) {
        return f.ownership.putBucketOwnershipControls(f.request("PUT", "/owned?ownershipControls")
                .body(controls(rule)).context());
    }

    private S3Response get() {
        return f.ownership.getBucketOwnershipControls(f.request("GET", "/owned?ownershipControls").context());
    }

    private static ObjectOwnership parse(String xml) {
        return OwnershipControlsHandler.parse(XML.parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    private static S3ErrorCode refusal(Runnable r) {
        return assertThrows(S3Exception.class, r::run).error();
    }

    @Test
    void parsesTheOneRule() {
        assertEquals(ObjectOwnership.BUCKET_OWNER_PREFERRED, parse("<OwnershipControls xmlns=\"http://s3.amazonaws.com/"
                + "doc/2006-03-01/\"><Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule>"
                + "</OwnershipControls>"));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<OwnershipControls><Rule><ObjectOwnership>"
                + "Nobody</ObjectOwnership></Rule></OwnershipControls>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<OwnershipControls></OwnershipControls>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<OwnershipControls><Rule><ObjectOwnership>"
                + "ObjectWriter</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule>"
                + "</OwnershipControls>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<Other/>")));
    }

    @Test
    void createBucketHeaderIsCheckedAgainstTheRequestedAcl() {
        assertEquals(Optional.empty(), OwnershipControlsHandler.fromCreateBucket(null, true));
        assertEquals(Optional.of(ObjectOwnership.OBJECT_WRITER),
                OwnershipControlsHandler.fromCreateBucket("ObjectWriter", true));
        assertEquals(Optional.of(ObjectOwnership.BUCKET_OWNER_ENFORCED),
                OwnershipControlsHandler.fromCreateBucket("BucketOwnerEnforced", false));
        assertEquals(S3ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP, refusal(
                () -> OwnershipControlsHandler.fromCreateBucket("BucketOwnerEnforced", true)));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT,
                refusal(() -> OwnershipControlsHandler.fromCreateBucket("Everyone", false)));
    }

    @Test
    void putGetAndDeleteTheBucketsRule() {
        f.bucket("owned");
        assertEquals(S3ErrorCode.OWNERSHIP_CONTROLS_NOT_FOUND, refusal(this::get));

        assertEquals(200, put("BucketOwnerPreferred").status());
        S3Response got = get();
        assertEquals(200, got.status());
        String xml = HandlerFixture.text(got);
        assertTrue(xml.contains("<Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule>"), xml);

        assertEquals(200, put("ObjectWriter").status());
        assertTrue(HandlerFixture.text(get()).contains("<ObjectOwnership>ObjectWriter</ObjectOwnership>"));

        assertEquals(204, f.ownership.deleteBucketOwnershipControls(f.request("DELETE", "/owned?ownershipControls")
                .context()).status());
        assertEquals(S3ErrorCode.OWNERSHIP_CONTROLS_NOT_FOUND, refusal(this::get));
    }

    @Test
    void bucketOwnerEnforcedRefusesObjectAclsButNotPlainWrites() {
        f.bucket("owned");
        put("BucketOwnerEnforced");
        assertEquals(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED, refusal(() -> f.writes.putObject(
                f.request("PUT", "/owned/shared").header("x-amz-acl", "public-read").body("x").context())));
        assertEquals(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED, refusal(() -> f.writes.putObject(
                f.request("PUT", "/owned/granted").header("x-amz-grant-read", "emailAddress=\"account-2@example.com\"")
                        .body("x").context())));
        assertTrue(f.storage.findObject(f.storage.findBucket("owned").orElseThrow(), "shared").isEmpty());

        assertEquals(200, f.writes.putObject(f.request("PUT", "/owned/plain").body("x").context()).status());
        assertEquals(200, f.writes.putObject(f.request("PUT", "/owned/full").header("x-amz-acl",
                "bucket-owner-full-control").body("x").context()).status());
        assertEquals(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED, refusal(() -> f.aclHandler.putBucketAcl(
                f.request("PUT", "/owned?acl").header("x-amz-acl", "public-read").context())));
    }

    @Test
    void bucketOwnerEnforcedIsRefusedWhileTheBucketAclGrantsOthers() {
        f.bucket("owned");
        f.aclHandler.putBucketAcl(f.request("PUT", "/owned?acl").header("x-amz-acl", "public-read").context());
        assertEquals(S3ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP, refusal(() -> put("BucketOwnerEnforced")));
        assertEquals(S3ErrorCode.OWNERSHIP_CONTROLS_NOT_FOUND, refusal(this::get));
    }
}
