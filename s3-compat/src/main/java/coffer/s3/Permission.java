package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;

/**
 * The five permissions an S3 grant gives, by their wire names. On a bucket READ lists it, WRITE creates, overwrites
 * and deletes its objects; on an object READ reads it (WRITE on an object grants nothing, as in S3); READ_ACP and
 * WRITE_ACP read and replace the ACL; FULL_CONTROL is all four.
 */
enum Permission {
    READ("read"),
    WRITE("write"),
    READ_ACP("read-acp"),
    WRITE_ACP("write-acp"),
    FULL_CONTROL("full-control");

    private final String headerSuffix;

    Permission(String headerSuffix) {
        this.headerSuffix = headerSuffix;
    }

    /** The request header that grants this permission: {@code x-amz-grant-read}, ... */
    public String header() {
        return "x-amz-grant-" + headerSuffix;
    }

    /** Whether a grant of this permission allows {@code wanted}. */
    public boolean allows(Permission wanted) {
        return this == FULL_CONTROL || this == wanted;
    }

    /** The permission of an AccessControlPolicy document; anything else is {@code MalformedACLError}. */
    public static Permission fromWire(String name) {
        for (Permission p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR);
    }
}
