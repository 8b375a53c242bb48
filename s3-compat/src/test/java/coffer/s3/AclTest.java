package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AclTest {
    private static final OptionalLong OWNER = OptionalLong.of(1);
    private static final OptionalLong ALT = OptionalLong.of(2);
    private static final OptionalLong ANONYMOUS = OptionalLong.empty();

    @Test
    void theOwnerMayDoAnythingEvenWithNoGrantAtAll() {
        Acl none = new Acl(1, List.of());
        for (Permission p : Permission.values()) {
            assertTrue(none.allows(OWNER, p), p.name());
            assertFalse(none.allows(ALT, p), p.name());
            assertFalse(none.allows(ANONYMOUS, p), p.name());
        }
    }

    @Test
    void aUserGrantCoversThatAccountOnlyAndFullControlCoversEveryPermission() {
        Acl readAcp = new Acl(1, List.of(new Grant(new CanonicalUser(2), Permission.READ_ACP)));
        assertTrue(readAcp.allows(ALT, Permission.READ_ACP));
        assertFalse(readAcp.allows(ALT, Permission.READ));
        assertFalse(readAcp.allows(ALT, Permission.WRITE_ACP));
        assertFalse(readAcp.allows(OptionalLong.of(3), Permission.READ_ACP));
        assertFalse(readAcp.allows(ANONYMOUS, Permission.READ_ACP));
        Acl full = new Acl(1, List.of(new Grant(new CanonicalUser(2), Permission.FULL_CONTROL)));
        for (Permission p : Permission.values()) {
            assertTrue(full.allows(ALT, p), p.name());
        }
    }

    @Test
    void groupsCoverEveryoneOrEverySignedCallerAndLogDeliveryNobody() {
        Acl all = new Acl(1, List.of(new Grant(Group.ALL_USERS, Permission.WRITE)));
        assertTrue(all.allows(ANONYMOUS, Permission.WRITE));
        assertTrue(all.allows(ALT, Permission.WRITE));
        assertFalse(all.allows(ALT, Permission.READ));
        Acl authenticated = new Acl(1, List.of(new Grant(Group.AUTHENTICATED_USERS, Permission.READ)));
        assertTrue(authenticated.allows(ALT, Permission.READ));
        assertFalse(authenticated.allows(ANONYMOUS, Permission.READ));
        Acl logs = new Acl(1, List.of(new Grant(Group.LOG_DELIVERY, Permission.FULL_CONTROL)));
        assertFalse(logs.allows(ALT, Permission.WRITE));
        assertFalse(logs.allows(ANONYMOUS, Permission.WRITE));
    }

    @Test
    void groupGrantsComeFirstAndOtherwiseTheOrderIsKept() {
        Grant owner = new Grant(new CanonicalUser(1), Permission.FULL_CONTROL);
        Grant altRead = new Grant(new CanonicalUser(2), Permission.READ);
        Grant allRead = new Grant(Group.ALL_USERS, Permission.READ);
        Grant allWrite = new Grant(Group.ALL_USERS, Permission.WRITE);
        Acl acl = new Acl(1, List.of(owner, allRead, altRead, allWrite));
        assertEquals(List.of(allRead, allWrite, owner, altRead), acl.grants());
    }

    @Test
    void atMostOneHundredGrants() {
        List<Grant> grants = new ArrayList<>(Collections.nCopies(Acl.MAX_GRANTS,
                new Grant(new CanonicalUser(2), Permission.READ)));
        assertEquals(Acl.MAX_GRANTS, new Acl(1, grants).grants().size());
        grants.add(new Grant(new CanonicalUser(2), Permission.READ));
        assertThrows(IllegalArgumentException.class, () -> new Acl(1, grants));
    }

    @Test
    void withOwnerKeepsTheGrants() {
        Acl acl = CannedAcl.PUBLIC_READ.toAcl(1, 1).withOwner(7);
        assertEquals(7, acl.ownerId());
        assertEquals(CannedAcl.PUBLIC_READ.toAcl(1, 1).grants(), acl.grants());
    }
}
