package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredAclTest {

    @Test
    void everyAclRoundTrips() {
        Acl acl = new Acl(5, List.of(new Grant(new CanonicalUser(Long.MAX_VALUE), Permission.WRITE_ACP),
                new Grant(Group.AUTHENTICATED_USERS, Permission.READ), new Grant(Group.LOG_DELIVERY,
                        Permission.WRITE), new Grant(new CanonicalUser(5), Permission.READ_ACP)));
        String stored = StoredAcl.encode(acl, 1);
        assertEquals("acl1 o:5 g:AUTHENTICATED_USERS:READ g:LOG_DELIVERY:WRITE u:9223372036854775807:WRITE_ACP"
                + " u:5:READ_ACP", stored);
        assertEquals(acl, StoredAcl.decode(stored, 1));
        Acl empty = new Acl(3, List.of());
        assertEquals(empty, StoredAcl.decode(StoredAcl.encode(empty, 3), 3));
    }

    @Test
    void theLegacyNamesAreWrittenAndReadForTheBucketOwner() {
        assertEquals("private", StoredAcl.encode(Acl.privateTo(4), 4));
        assertEquals("public-read", StoredAcl.encode(CannedAcl.PUBLIC_READ.toAcl(4, 4), 4));
        assertEquals(Acl.privateTo(4), StoredAcl.decode("private", 4));
        assertEquals(CannedAcl.PUBLIC_READ.toAcl(4, 4), StoredAcl.decode("public-read", 4));
        // Another owner's private ACL is spelled out.
        assertEquals("acl1 o:9 u:9:FULL_CONTROL", StoredAcl.encode(Acl.privateTo(9), 4));
    }

    @Test
    void oneHundredOfTheLongestGrantsFitTheCatalogColumn() {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < Acl.MAX_GRANTS; i++) {
            grants.add(new Grant(new CanonicalUser(Long.MAX_VALUE - i), Permission.FULL_CONTROL));
        }
        String stored = StoredAcl.encode(new Acl(Long.MAX_VALUE, grants), 1);
        assertTrue(stored.length() <= 4096, Integer.toString(stored.length()));
    }

    @Test
    void unknownStringsAreRefusedNotGuessed() {
        for (String bad : List.of("public-read-write", "acl2 o:1", "acl1", "acl1 x:1", "acl1 o:1 u:2",
                "acl1 o:1 u:x:READ", "acl1 o:1 g:EVERYONE:READ", "acl1 o:1 u:2:ALL", "acl1 o:1 z:2:READ")) {
            assertThrows(IllegalStateException.class, () -> StoredAcl.decode(bad, 1), bad);
        }
    }
}
