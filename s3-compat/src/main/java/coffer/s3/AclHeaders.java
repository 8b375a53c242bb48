package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The ACL a request's headers ask for (CreateBucket, PutObject, CopyObject, CreateMultipartUpload, Put*Acl):
 * either the canned ACL of {@code x-amz-acl} or the grants of the {@code x-amz-grant-*} headers, never both
 * ({@code InvalidRequest}, as S3). Explicit grants are the whole list: the owner gets no grant it was not given,
 * though its full control stays implicit ({@link Acl#allows}). Immutable.
 */
record AclHeaders(CannedAcl canned, List<RequestedGrant> grants) {

    /** What the headers ask for; empty when they name no ACL. */
    public static Optional<AclHeaders> of(UnaryOperator<String> header) {
        String xAmzAcl = header.apply("x-amz-acl");
        List<RequestedGrant> grants = GrantHeaders.parse(header);
        if (xAmzAcl != null && !grants.isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "Specifying both Canned ACLs and Header Grants is not allowed");
        }
        if (xAmzAcl != null) {
            return Optional.of(new AclHeaders(CannedAcl.fromHeader(xAmzAcl), null));
        }
        return grants.isEmpty() ? Optional.empty() : Optional.of(new AclHeaders(null, grants));
    }

    /** The ACL for a resource owned by {@code owner} in a bucket owned by {@code bucketOwner}. */
    public Acl toAcl(long owner, long bucketOwner, GrantResolver resolver) {
        return canned != null ? canned.toAcl(owner, bucketOwner) : new Acl(owner, resolver.resolve(grants));
    }
}
