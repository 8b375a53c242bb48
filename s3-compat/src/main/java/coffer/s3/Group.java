package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.OptionalLong;

/**
 * The predefined S3 groups. AllUsers is everyone, anonymous callers included; AuthenticatedUsers is every caller
 * that signed its request with a key of any account; LogDelivery is accepted and kept but covers no caller here
 * (Coffer writes no server access logs into buckets).
 */
enum Group implements Grantee {
    ALL_USERS("http://acs.amazonaws.com/groups/global/AllUsers"),
    AUTHENTICATED_USERS("http://acs.amazonaws.com/groups/global/AuthenticatedUsers"),
    LOG_DELIVERY("http://acs.amazonaws.com/groups/s3/LogDelivery");

    private final String uri;

    Group(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    @Override
    public boolean covers(OptionalLong caller) {
        return switch (this) {
            case ALL_USERS -> true;
            case AUTHENTICATED_USERS -> caller.isPresent();
            case LOG_DELIVERY -> false;
        };
    }

    /** The group a grantee URI names; any other URI is {@code InvalidArgument}, as S3 answers. */
    public static Group fromUri(String uri) {
        for (Group g : values()) {
            if (g.uri.equals(uri.trim())) {
                return g;
            }
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid group uri");
    }
}
