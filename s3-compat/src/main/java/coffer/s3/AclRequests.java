package coffer.s3;

import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import java.util.List;
import java.util.Optional;

/**
 * The ACL a request's {@code x-amz-acl} / {@code x-amz-grant-*} headers ask for, resolved against the catalog's
 * accounts. A new object belongs to the account that writes it (S3's ObjectWriter ownership; an anonymous write,
 * which has no account, belongs to the bucket's owner) and is private to it unless the headers say otherwise.
 * Thread-safe.
 */
final class AclRequests {
    private final GrantResolver resolver;
    private final BucketProtections protections;

    /** Without Block Public Access (tests of the ACL forms). */
    public AclRequests(AccountDirectory accounts) {
        this(accounts, null);
    }

    /** {@code protections}: whose BlockPublicAcls refuses public ACLs ({@link #requireNotBlocked}). */
    public AclRequests(AccountDirectory accounts, BucketProtections protections) {
        this.resolver = new GrantResolver(accounts);
        this.protections = protections;
    }

    /**
     * Refuses (403 AccessDenied, as AWS) an ACL that grants AllUsers or AuthenticatedUsers, when the request's bucket
     * has BlockPublicAcls on.
     */
    public Acl requireNotBlocked(RequestContext ctx, Acl acl) {
        Bucket bucket = ctx.grant().bucket();
        if (protections != null && bucket != null && acl.isPublic()
                && protections.of(bucket).block().blockPublicAcls()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
                    "Access Denied: the bucket's BlockPublicAcls setting refuses a public ACL");
        }
        return acl;
    }

    public GrantResolver resolver() {
        return resolver;
    }

    /** The headers' ACL for a resource owned by {@code owner} in a bucket owned by {@code bucketOwner}, if any. */
    public Optional<Acl> fromHeaders(RequestContext ctx, long owner, long bucketOwner) {
        return AclHeaders.of(name -> header(ctx, name)).map(h -> h.toAcl(owner, bucketOwner, resolver))
                .map(acl -> requireNotBlocked(ctx, acl));
    }

    /** The stored ACL of an object the caller writes into {@code bucket} (PutObject, CopyObject, multipart). */
    public String forNewObject(RequestContext ctx, Bucket bucket) {
        long writer = ctx.auth().principal().map(Credential::accountId).orElse(bucket.ownerId());
        Acl acl = fromHeaders(ctx, writer, bucket.ownerId()).orElseGet(() -> Acl.privateTo(writer));
        return StoredAcl.encode(acl, bucket.ownerId());
    }

    /** All values of a header, joined as HTTP joins repeated headers; null when absent. */
    private static String header(RequestContext ctx, String name) {
        List<String> values = ctx.request().headers(name);
        return values.isEmpty() ? null : String.join(",", values);
    }
}
