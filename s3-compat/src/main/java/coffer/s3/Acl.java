package coffer.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An access control list: the owner (an account id) and the grants, group grants first and otherwise in the order
 * given (S3 clients and s3-tests read them back in that order). The owner's full control is implicit, as in S3:
 * {@link #allows} always answers true for it, whatever the grants say, so an owner can never lock itself out (it
 * may still list no grant at all). Immutable.
 */
record Acl(long ownerId, List<Grant> grants) {
    /** S3's limit on the grants of one ACL. */
    public static final int MAX_GRANTS = 100;

    public Acl {
        Objects.requireNonNull(grants, "grants");
        if (grants.size() > MAX_GRANTS) {
            throw new IllegalArgumentException("an ACL holds at most " + MAX_GRANTS + " grants");
        }
        List<Grant> ordered = new ArrayList<>(grants.size());
        grants.stream().filter(g -> g.grantee() instanceof Group).forEach(ordered::add);
        grants.stream().filter(g -> !(g.grantee() instanceof Group)).forEach(ordered::add);
        grants = List.copyOf(ordered);
    }

    /** Only the owner, with FULL_CONTROL: the ACL of {@code private}. */
    public static Acl privateTo(long ownerId) {
        return new Acl(ownerId, List.of(new Grant(new CanonicalUser(ownerId), Permission.FULL_CONTROL)));
    }

    /** Whether {@code caller} (an account id; empty for an anonymous request) holds {@code wanted}. */
    public boolean allows(OptionalLong caller, Permission wanted) {
        if (caller.isPresent() && caller.getAsLong() == ownerId) {
            return true;
        }
        return grants.stream().anyMatch(g -> g.permission().allows(wanted) && g.grantee().covers(caller));
    }

    /**
     * As {@link #allows(OptionalLong, Permission)}; with {@code ignorePublic} (a bucket's IgnorePublicAcls), grants
     * to AllUsers and AuthenticatedUsers count for nothing.
     */
    public boolean allows(OptionalLong caller, Permission wanted, boolean ignorePublic) {
        if (!ignorePublic) {
            return allows(caller, wanted);
        }
        if (caller.isPresent() && caller.getAsLong() == ownerId) {
            return true;
        }
        return grants.stream().anyMatch(g -> !isPublic(g) && g.permission().allows(wanted)
                && g.grantee().covers(caller));
    }

    /** Whether a grant goes to AllUsers or AuthenticatedUsers (AWS's "public" ACL, for Block Public Access). */
    public boolean isPublic() {
        return grants.stream().anyMatch(Acl::isPublic);
    }

    private static boolean isPublic(Grant g) {
        return g.grantee() == Group.ALL_USERS || g.grantee() == Group.AUTHENTICATED_USERS;
    }

    /** The same grants under another owner (PutObjectAcl keeps the object's owner). */
    public Acl withOwner(long newOwner) {
        return new Acl(newOwner, grants);
    }
}
