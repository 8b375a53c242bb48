package coffer.s3;

import coffer.s3.auth.Credential;
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

    public AclRequests(AccountDirectory accounts) {
        this.resolver = new GrantResolver(accounts);
    }

    public GrantResolver resolver() {
        return resolver;
    }

    /** The headers' ACL for a resource owned by {@code owner} in a bucket owned by {@code bucketOwner}, if any. */
    public Optional<Acl> fromHeaders(RequestContext ctx, long owner, long bucketOwner) {
        return AclHeaders.of(name -> header(ctx, name)).map(h -> h.toAcl(owner, bucketOwner, resolver));
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
