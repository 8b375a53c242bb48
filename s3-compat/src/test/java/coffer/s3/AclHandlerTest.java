package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Object and bucket ACLs against the in-memory engine: what they render and whom they let in. */
class AclHandlerTest {
    private final HandlerFixture f = new HandlerFixture();

    @BeforeEach
    void storeAPrivateObject() {
        f.bucket("shared");
        f.writes.putObject(f.request("PUT", "/shared/doc").body("secret").context());
    }

    @Test
    void aPublicReadObjectAclLetsAnonymousReadersIn() {
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> f.reads.getObject(f.request("GET", "/shared/doc").anonymous().context())).error());
        f.aclHandler.putObjectAcl(f.request("PUT", "/shared/doc?acl").header("x-amz-acl", "public-read").context());
        assertEquals("secret", text(f.reads.getObject(f.request("GET", "/shared/doc").anonymous().context())));
        String xml = text(f.aclHandler.getObjectAcl(f.request("GET", "/shared/doc?acl").context()));
        assertTrue(xml.contains("http://acs.amazonaws.com/groups/global/AllUsers"), xml);
        assertTrue(xml.contains(MemoryAccounts.canonicalIdOf(1)), xml);
    }

    @Test
    void aGrantByEmailLetsThatAccountReadTheBucketOnly() {
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> f.lists.listObjectsV2(f.request("GET", "/shared?list-type=2").as(2).context())).error());
        f.aclHandler.putBucketAcl(f.request("PUT", "/shared?acl")
                .header("x-amz-grant-read", "emailAddress=\"account-2@example.com\"").context());
        String listing = text(f.lists.listObjectsV2(f.request("GET", "/shared?list-type=2").as(2).context()));
        assertTrue(listing.contains("<Key>doc</Key>"), listing);
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> f.lists.listObjectsV2(f.request("GET", "/shared?list-type=2").as(3).context())).error());
        String xml = text(f.aclHandler.getBucketAcl(f.request("GET", "/shared?acl").context()));
        assertTrue(xml.contains(MemoryAccounts.canonicalIdOf(2)), xml);
    }
}
