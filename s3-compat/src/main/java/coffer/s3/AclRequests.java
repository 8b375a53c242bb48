package coffer.s3;

import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ACL a request's {@code x-amz-acl} / {@code x-amz-grant-*} headers ask for, resolved against the catalog's
 * accounts. A new object belongs to the account that writes it (S3's ObjectWriter ownership; an anonymous write,
 * which has no account, belongs to the bucket's owner; the bucket's ownership rule may hand it to the bucket's
 * owner, see {@link #forNewObject}) and is private to it unless the headers say otherwise.
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

    /**
     * The stored ACL of an object the caller writes into {@code bucket} (PutObject, CopyObject, multipart). Its
     * owner is the writer, except in another account's bucket whose ownership rule hands it to the bucket's owner:
     * BucketOwnerEnforced always, BucketOwnerPreferred when the write asks for {@code bucket-owner-full-control}.
     * {@code rule} (a catalog read) is only asked for a write into another account's bucket.
     */
    public String forNewObject(RequestContext ctx, Bucket bucket, Supplier<Optional<ObjectOwnership>> rule) {
        long writer = ctx.auth().principal().map(Credential::accountId).orElse(bucket.ownerId());
        long owner = writer == bucket.ownerId() || !bucketOwns(ctx, rule.get()) ? writer : bucket.ownerId();
        Acl acl = fromHeaders(ctx, owner, bucket.ownerId()).orElseGet(() -> Acl.privateTo(owner));
        return StoredAcl.encode(acl, bucket.ownerId());
    }

    private static boolean bucketOwns(RequestContext ctx, Optional<ObjectOwnership> rule) {
        String canned = ctx.header("x-amz-acl");
        return rule.filter(r -> r == ObjectOwnership.BUCKET_OWNER_ENFORCED
                || r == ObjectOwnership.BUCKET_OWNER_PREFERRED && canned != null
                && canned.trim().equals(ObjectOwnership.OWNER_FULL_CONTROL)).isPresent();
    }

    /** All values of a header, joined as HTTP joins repeated headers; null when absent. */
    private static String header(RequestContext ctx, String name) {
        List<String> values = ctx.request().headers(name);
        return values.isEmpty() ? null : String.join(",", values);
    }
}
