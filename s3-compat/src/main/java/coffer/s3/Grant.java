package coffer.s3;

import java.util.Objects;

/** One entry of an access control list. */
record Grant(Grantee grantee, Permission permission) {
    public Grant {
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(permission, "permission");
    }
}
