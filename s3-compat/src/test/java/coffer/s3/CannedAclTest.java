package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.List;
import org.junit.jupiter.api.Test;

class CannedAclTest {
    private static final Grant WRITER_FULL = new Grant(new CanonicalUser(2), Permission.FULL_CONTROL);

    @Test
    void eachCannedAclStandsForItsGrantsWithTheOwnerLast() {
        assertEquals(List.of(WRITER_FULL), CannedAcl.PRIVATE.toAcl(2, 1).grants());
        assertEquals(List.of(new Grant(Group.ALL_USERS, Permission.READ), WRITER_FULL),
                CannedAcl.PUBLIC_READ.toAcl(2, 1).grants());
        assertEquals(List.of(new Grant(Group.ALL_USERS, Permission.READ), new Grant(Group.ALL_USERS,
                Permission.WRITE), WRITER_FULL), CannedAcl.PUBLIC_READ_WRITE.toAcl(2, 1).grants());
        assertEquals(List.of(new Grant(Group.AUTHENTICATED_USERS, Permission.READ), WRITER_FULL),
                CannedAcl.AUTHENTICATED_READ.toAcl(2, 1).grants());
        assertEquals(List.of(WRITER_FULL, new Grant(new CanonicalUser(1), Permission.READ)),
                CannedAcl.BUCKET_OWNER_READ.toAcl(2, 1).grants());
        assertEquals(List.of(WRITER_FULL, new Grant(new CanonicalUser(1), Permission.FULL_CONTROL)),
                CannedAcl.BUCKET_OWNER_FULL_CONTROL.toAcl(2, 1).grants());
        assertEquals(2, CannedAcl.BUCKET_OWNER_READ.toAcl(2, 1).ownerId());
    }

    @Test
    void bucketOwnerAclsOfTheBucketOwnerItselfArePrivate() {
        assertEquals(Acl.privateTo(1), CannedAcl.BUCKET_OWNER_READ.toAcl(1, 1));
        assertEquals(Acl.privateTo(1), CannedAcl.BUCKET_OWNER_FULL_CONTROL.toAcl(1, 1));
    }

    @Test
    void headerValuesAreTheWireNamesAndAnythingElseIsInvalidArgument() {
        for (CannedAcl acl : CannedAcl.values()) {
            assertEquals(acl, CannedAcl.fromHeader(" " + acl.wireName() + " "));
        }
        S3Exception e = assertThrows(S3Exception.class, () -> CannedAcl.fromHeader("public"));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.error());
    }
}
