package coffer.s3;

import java.util.Objects;

/** A grant as a request states it (header or policy document), not yet resolved. */
record RequestedGrant(GranteeRef grantee, Permission permission) {
    public RequestedGrant {
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(permission, "permission");
    }
}
