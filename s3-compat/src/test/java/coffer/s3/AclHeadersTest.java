package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AclHeadersTest {
    private static final String ALT = MapDirectory.idOf(2);
    private static final GrantResolver RESOLVER = new GrantResolver(new MapDirectory(Map.of(2L, "alt@example.com")));

    private static Optional<AclHeaders> of(Map<String, String> headers) {
        return AclHeaders.of(headers::get);
    }

    @Test
    void noAclHeadersMeanNoAcl() {
        assertTrue(of(Map.of("x-amz-meta-acl", "public-read")).isEmpty());
    }

    @Test
    void theCannedHeaderNamesACannedAcl() {
        AclHeaders h = of(Map.of("x-amz-acl", "public-read-write")).orElseThrow();
        assertEquals(CannedAcl.PUBLIC_READ_WRITE.toAcl(1, 1), h.toAcl(1, 1, RESOLVER));
    }

    @Test
    void grantHeadersAreTheWholeListInPermissionOrder() {
        AclHeaders h = of(Map.of("x-amz-grant-full-control", "id=" + ALT,
                "x-amz-grant-read", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\", id=\"" + ALT + "\"",
                "x-amz-grant-write-acp", "emailAddress=\"ALT@example.com\"",
                "x-amz-grant-write", "id=" + ALT, "x-amz-grant-read-acp", "id=" + ALT)).orElseThrow();
        Acl acl = h.toAcl(1, 1, RESOLVER);
        CanonicalUser alt = new CanonicalUser(2);
        assertEquals(List.of(new Grant(Group.ALL_USERS, Permission.READ), new Grant(alt, Permission.READ),
                new Grant(alt, Permission.WRITE), new Grant(alt, Permission.READ_ACP),
                new Grant(alt, Permission.WRITE_ACP), new Grant(alt, Permission.FULL_CONTROL)), acl.grants());
        assertEquals(1, acl.ownerId());
    }

    @Test
    void cannedAndGrantsTogetherAreInvalidRequest() {
        S3Exception e = assertThrows(S3Exception.class,
                () -> of(Map.of("x-amz-acl", "private", "x-amz-grant-read", "id=" + ALT)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, e.error());
    }

    @Test
    void malformedGrantValuesAreInvalidArgument() {
        for (String bad : List.of("id", "=x", "id=", "id=\"\"", "name=x", "uri=http://example.com/group")) {
            S3Exception e = assertThrows(S3Exception.class, () -> of(Map.of("x-amz-grant-read", bad)), bad);
            assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.error(), bad);
        }
    }

    @Test
    void commasInsideQuotesDoNotSplit() {
        List<RequestedGrant> grants = GrantHeaders.parse(Map.of("x-amz-grant-read", "emailAddress=\"a,b@x.org\",,")::get);
        assertEquals(List.of(new RequestedGrant(new GranteeRef.ByEmail("a,b@x.org"), Permission.READ)), grants);
    }
}
