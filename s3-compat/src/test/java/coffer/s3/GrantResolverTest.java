package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantResolverTest {
    private final GrantResolver resolver = new GrantResolver(new MapDirectory(Map.of(
            2L, "alt@example.com", 3L, "shared@example.com", 4L, "shared@example.com")));

    private S3ErrorCode failure(GranteeRef ref) {
        return assertThrows(S3Exception.class,
                () -> resolver.resolve(List.of(new RequestedGrant(ref, Permission.READ)))).error();
    }

    @Test
    void idsAddressesAndGroupsResolve() {
        assertEquals(List.of(new Grant(new CanonicalUser(2), Permission.READ),
                        new Grant(new CanonicalUser(2), Permission.WRITE), new Grant(Group.ALL_USERS, Permission.READ)),
                resolver.resolve(List.of(new RequestedGrant(new GranteeRef.ById(MapDirectory.idOf(2)), Permission.READ),
                        new RequestedGrant(new GranteeRef.ByEmail(" Alt@Example.com "), Permission.WRITE),
                        new RequestedGrant(new GranteeRef.ByGroup(Group.ALL_USERS), Permission.READ))));
    }

    @Test
    void unknownIdsAreInvalidArgument() {
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(new GranteeRef.ById("_foo")));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(new GranteeRef.ById(MapDirectory.idOf(99))));
        // The old sequential form of account 2's id names nobody: ids are opaque, not numbers.
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(new GranteeRef.ById(String.format("%064x", 2))));
    }

    @Test
    void addressesMustNameExactlyOneAccount() {
        assertEquals(S3ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS,
                failure(new GranteeRef.ByEmail("doesnotexist@dreamhost.com.invalid")));
        assertEquals(S3ErrorCode.AMBIGUOUS_GRANT_BY_EMAIL_ADDRESS, failure(new GranteeRef.ByEmail("shared@example.com")));
    }

    @Test
    void moreThanOneHundredGrantsAreRefused() {
        List<RequestedGrant> many = Collections.nCopies(Acl.MAX_GRANTS + 1,
                new RequestedGrant(new GranteeRef.ByGroup(Group.ALL_USERS), Permission.READ));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> resolver.resolve(many)).error());
        assertEquals(Acl.MAX_GRANTS, resolver.resolve(many.subList(0, Acl.MAX_GRANTS)).size());
    }
}
