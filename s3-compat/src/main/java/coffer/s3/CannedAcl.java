package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;

/**
 * The canned ACLs of {@code x-amz-acl}, each a shorthand for a list of grants. On a bucket the two bucket-owner-*
 * ACLs mean {@code private} (the owner is the bucket owner), as in S3.
 */
enum CannedAcl {
    PRIVATE("private"),
    PUBLIC_READ("public-read"),
    PUBLIC_READ_WRITE("public-read-write"),
    AUTHENTICATED_READ("authenticated-read"),
    BUCKET_OWNER_READ("bucket-owner-read"),
    BUCKET_OWNER_FULL_CONTROL("bucket-owner-full-control");

    private final String wireName;

    CannedAcl(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The canned ACL an {@code x-amz-acl} value names; any other value is {@code InvalidArgument}, as S3. */
    public static CannedAcl fromHeader(String value) {
        for (CannedAcl acl : values()) {
            if (acl.wireName.equals(value.trim())) {
                return acl;
            }
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The canned ACL " + value.trim() + " is not valid");
    }

    /** The ACL this stands for on a resource owned by {@code owner} in a bucket owned by {@code bucketOwner}. */
    public Acl toAcl(long owner, long bucketOwner) {
        List<Grant> grants = new ArrayList<>();
        switch (this) {
            case PUBLIC_READ -> grants.add(new Grant(Group.ALL_USERS, Permission.READ));
            case PUBLIC_READ_WRITE -> {
                grants.add(new Grant(Group.ALL_USERS, Permission.READ));
                grants.add(new Grant(Group.ALL_USERS, Permission.WRITE));
            }
            case AUTHENTICATED_READ -> grants.add(new Grant(Group.AUTHENTICATED_USERS, Permission.READ));
            default -> { }
        }
        grants.add(new Grant(new CanonicalUser(owner), Permission.FULL_CONTROL));
        if (bucketOwner != owner && this == BUCKET_OWNER_READ) {
            grants.add(new Grant(new CanonicalUser(bucketOwner), Permission.READ));
        } else if (bucketOwner != owner && this == BUCKET_OWNER_FULL_CONTROL) {
            grants.add(new Grant(new CanonicalUser(bucketOwner), Permission.FULL_CONTROL));
        }
        return new Acl(owner, grants);
    }
}
