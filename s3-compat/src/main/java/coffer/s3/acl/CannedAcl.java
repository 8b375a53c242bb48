package coffer.s3.acl;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Optional;

/**
 * The canned ACLs Coffer serves: {@code private} (the owner only) and {@code public-read} (the owner, and anyone
 * may read). Other canned ACLs and explicit grants are refused with {@code NotImplemented}, never ignored.
 */
public enum CannedAcl {
    PRIVATE("private"),
    PUBLIC_READ("public-read");

    private final String wireName;

    CannedAcl(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CannedAcl fromStored(String stored) {
        return "public-read".equals(stored) ? PUBLIC_READ : PRIVATE;
    }

    /** The {@code x-amz-acl} header, if any; {@code x-amz-grant-*} headers are not supported. */
    public static Optional<CannedAcl> fromHeaders(String xAmzAcl, boolean hasGrantHeaders) {
        if (hasGrantHeaders) {
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                    "x-amz-grant-* headers are not supported; use the canned ACLs private or public-read");
        }
        if (xAmzAcl == null) {
            return Optional.empty();
        }
        for (CannedAcl acl : values()) {
            if (acl.wireName.equals(xAmzAcl.trim())) {
                return Optional.of(acl);
            }
        }
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                "The canned ACL " + xAmzAcl.trim() + " is not supported; use private or public-read");
    }
}
