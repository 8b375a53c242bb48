package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Authorization once before dispatch: requests go through {@link Dispatcher#serve} unauthorized, as S3Service hands
 * them over, and the operation's {@link coffer.s3.RequiredAccess} decides against the bucket's and the object's
 * ACLs. Account 1 owns bucket {@code docs} and its object {@code readme}; accounts 2 and 3 are strangers until
 * granted. (Refusing anonymous callers of operations that never allow them is S3Service's, before this.)
 */
class DispatcherAuthorizationTest {
    private static final String CORS = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
            + "<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";

    private final HandlerFixture f = new HandlerFixture();

    DispatcherAuthorizationTest() {
        f.bucket("docs");
        serve(HandlerRequests.request("PUT", "/docs/readme").body("read me"));
    }

    private S3Response serve(HandlerRequests.Builder request) {
        return f.dispatcher.serve(request.context(), signer -> { });
    }

    private S3ErrorCode refused(HandlerRequests.Builder request) {
        return assertThrows(S3Exception.class, () -> serve(request)).error();
    }

    private static HandlerRequests.Builder get(String target) {
        return HandlerRequests.request("GET", target);
    }

    @Test
    void anonymousCallersGetWhatThePublicReadAclsGrantAndNothingElse() {
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/readme").anonymous()));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?list-type=2").anonymous()));

        serve(HandlerRequests.request("PUT", "/docs/readme?acl").header("x-amz-acl", "public-read"));
        assertEquals("read me", text(serve(get("/docs/readme").anonymous())));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?list-type=2").anonymous()),
                "a public object does not make its bucket listable");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/readme?acl").anonymous()),
                "READ is not READ_ACP");

        serve(HandlerRequests.request("PUT", "/docs?acl").header("x-amz-acl", "public-read"));
        assertTrue(text(serve(get("/docs?list-type=2").anonymous())).contains("<Key>readme</Key>"));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(HandlerRequests.request("PUT", "/docs/graffiti")
                .anonymous().body("x")), "a public-read bucket takes no anonymous writes");
    }

    @Test
    void strangersAreDeniedTheOwnersConfigurationOperationsEvenOnAPublicBucket() {
        serve(HandlerRequests.request("PUT", "/docs?acl").header("x-amz-acl", "public-read"));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(HandlerRequests.request("PUT", "/docs?cors").as(2).body(CORS)
                .contentMd5()));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?cors").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?acl").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(HandlerRequests.request("DELETE", "/docs").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/readme?tagging").as(2)));

        // READ on the bucket lists its multipart uploads, as AWS's READ grant (s3:ListBucketMultipartUploads).
        assertEquals(200, serve(get("/docs?uploads").as(2)).status());

        assertEquals(200, serve(HandlerRequests.request("PUT", "/docs?cors").body(CORS).contentMd5()).status());
        assertTrue(text(serve(get("/docs?acl"))).contains(MemoryAccounts.canonicalIdOf(1)));
    }

    @Test
    void aWriteGranteeMayPutButNotReadTheAclOrTheObjects() {
        serve(HandlerRequests.request("PUT", "/docs?acl")
                .header("x-amz-grant-full-control", "id=\"" + MemoryAccounts.canonicalIdOf(1) + "\"")
                .header("x-amz-grant-write", "emailAddress=\"account-2@example.com\""));

        assertEquals(200, serve(HandlerRequests.request("PUT", "/docs/upload").as(2).body("from two")).status());
        assertArrayEquals("from two".getBytes(StandardCharsets.UTF_8), f.stored("docs", "upload"));
        assertEquals("from two", text(serve(get("/docs/upload").as(2))), "the writer owns what it wrote");

        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?acl").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(HandlerRequests.request("PUT", "/docs?acl").as(2)
                .header("x-amz-acl", "public-read")));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/readme").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?list-type=2").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(HandlerRequests.request("PUT", "/docs/upload").as(3)
                .body("from three")));
    }

    @Test
    void anExpectedBucketOwnerOtherThanTheOwnerIsAccessDenied() {
        String stranger = MemoryAccounts.canonicalIdOf(2);
        String owner = MemoryAccounts.canonicalIdOf(1);
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/readme")
                .header(ExpectedBucketOwner.HEADER, stranger)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs?cors")
                .header(ExpectedBucketOwner.HEADER, stranger)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(HandlerRequests.request("PUT", "/docs/other")
                .header(ExpectedBucketOwner.HEADER, stranger).body("x")));
        assertTrue(f.storage.findObject(f.storage.findBucket("docs").orElseThrow(), "other").isEmpty());

        assertEquals("read me", text(serve(get("/docs/readme").header(ExpectedBucketOwner.HEADER, owner))));
    }

    @Test
    void aMissingKeyIsNoSuchKeyOnlyForCallersThatMayListTheBucket() {
        assertEquals(S3ErrorCode.NO_SUCH_KEY, refused(get("/docs/missing")));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/missing").as(2)));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refused(get("/docs/missing").anonymous()));

        serve(HandlerRequests.request("PUT", "/docs?acl").header("x-amz-acl", "public-read"));
        assertEquals(S3ErrorCode.NO_SUCH_KEY, refused(get("/docs/missing").as(2)));
        assertEquals(S3ErrorCode.NO_SUCH_KEY, refused(get("/docs/missing").anonymous()));
    }

    @Test
    void aMissingBucketIsNoSuchBucketForEveryone() {
        assertEquals(S3ErrorCode.NO_SUCH_BUCKET, refused(get("/nowhere/key")));
        assertEquals(S3ErrorCode.NO_SUCH_BUCKET, refused(get("/nowhere/key").as(2)));
        assertEquals(S3ErrorCode.NO_SUCH_BUCKET, refused(get("/nowhere?cors").anonymous()));
        assertEquals(S3ErrorCode.NO_SUCH_BUCKET, refused(get("/nowhere?list-type=2").anonymous()));
    }
}
