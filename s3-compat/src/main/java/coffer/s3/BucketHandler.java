package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.BucketContents;
import coffer.storage.ObjectStorage;
import coffer.storage.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ListBuckets, CreateBucket (with the ACL of its {@code x-amz-acl} / {@code x-amz-grant-*} headers), HeadBucket
 * (READ on the bucket), DeleteBucket and GetBucketLocation (the owner only). CreateBucket of a bucket the caller
 * already owns answers 409 BucketAlreadyOwnedByYou, except in us-east-1, where AWS answers 200 and resets the
 * bucket's ACL (to the request's, private by default). Thread-safe.
 */
final class BucketHandler {
    /** Location constraints that mean the default region of a classic S3 endpoint. */
    private static final Set<String> DEFAULT_REGION_ALIASES = Set.of("", "US");
    private static final int MAX_BUCKETS_PAGE = 10_000;
    /** The region where CreateBucket of a bucket the caller already owns succeeds (AWS's legacy behaviour). */
    private static final String LEGACY_REGION = "us-east-1";

    private final ObjectStorage store;
    private final BucketAccess access;
    private final XmlReader xml;
    private final AclRequests acls;
    private final String region;

    public BucketHandler(ObjectStorage store, BucketAccess access, AclRequests acls, XmlReader xml, String region) {
        this.store = store;
        this.access = access;
        this.acls = acls;
        this.xml = xml;
        this.region = region;
    }

    /**
     * ListBuckets, with the optional {@code prefix}, {@code max-buckets} and {@code continuation-token} (the name
     * of the last bucket of the previous page). An account holds few buckets, so paging is done in memory. An
     * anonymous caller never gets here (see {@code S3Operation.allowsAnonymous}).
     */
    public S3Response listBuckets(RequestContext ctx) {
        var principal = ctx.principal();
        ListingParams params = ctx.params(ListingParams.class);
        String prefix = params.prefix();
        String after = params.continuationToken();
        int max = params.maxBuckets(MAX_BUCKETS_PAGE);
        List<Bucket> matching = store.listBuckets(principal.accountId()).stream()
                .filter(b -> prefix == null || b.name().startsWith(prefix))
                .filter(b -> after == null || b.name().compareTo(after) > 0)
                .toList();
        List<Bucket> page = matching.subList(0, Math.min(max, matching.size()));
        XmlWriter doc = new XmlWriter().root("ListAllMyBucketsResult");
        String owner = access.canonicalIds().of(principal.accountId());
        doc.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        doc.start("Buckets");
        for (Bucket b : page) {
            doc.start("Bucket").element("Name", b.name()).element("CreationDate", HttpDates.xml(b.created()))
                    .element("BucketRegion", b.region()).end();
        }
        doc.end();
        if (page.size() < matching.size()) {
            doc.element("ContinuationToken", page.get(page.size() - 1).name());
        }
        doc.element("Prefix", prefix);
        return S3Response.xml(200, doc.end().toString());
    }

    public S3Response createBucket(RequestContext ctx) {
        String name = ctx.bucketName();
        BucketNames.requireValid(name);
        XmlElement config = xml.parse(ctx.auth().body());
        if (config != null) {
            if (!config.name().equals("CreateBucketConfiguration")) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            String constraint = config.childText("LocationConstraint").orElse("");
            if (!constraint.equals(region) && !DEFAULT_REGION_ALIASES.contains(constraint)) {
                throw new S3Exception(S3ErrorCode.INVALID_LOCATION_CONSTRAINT,
                        "The specified location-constraint is not valid for this endpoint, which serves " + region);
            }
        }
        long owner = ctx.principal().accountId();
        // Resolved before the bucket exists, so that a grant to an unknown account creates nothing.
        Optional<Acl> acl = acls.fromHeaders(ctx, owner, owner).filter(a -> !a.equals(Acl.privateTo(owner)));
        var ownership = OwnershipControlsHandler.fromCreateBucket(ctx.header("x-amz-object-ownership"),
                acl.isPresent());
        Bucket created;
        try {
            created = store.createBucket(owner, name, region, objectLockRequested(ctx));
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.BUCKET_ALREADY_OWNED_BY_YOU || !region.equals(LEGACY_REGION)) {
                throw e;
            }
            // AWS, in us-east-1 only: re-creating a bucket you own succeeds and resets its ACL.
            Bucket mine = store.findBucket(name).orElseThrow(() -> e);
            store.bucketSettings().setAcl(mine, StoredAcl.encode(acl.orElse(Acl.privateTo(owner)), owner));
            return S3Response.ok().header("Location", "/" + name).contentLength(0);
        }
        // A crash between the two leaves a private bucket: the safe side.
        acl.ifPresent(a -> store.bucketSettings().setAcl(created, StoredAcl.encode(a, owner)));
        ownership.ifPresent(o -> store.bucketSettings().putDocument(created, ObjectOwnership.DOCUMENT,
                o.wireName()));
        return S3Response.ok().header("Location", "/" + name).contentLength(0);
    }

    /** {@code x-amz-bucket-object-lock-enabled: true}: object lock, and so versioning (docs/object-lock.md). */
    private static boolean objectLockRequested(RequestContext ctx) {
        String value = ctx.header("x-amz-bucket-object-lock-enabled");
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "x-amz-bucket-object-lock-enabled must be true or false");
        };
    }

    /**
     * With Ceph RGW's {@code read-stats=true}, also the bucket's object count and bytes ({@code X-RGW-Object-Count},
     * {@code X-RGW-Bytes-Used}), counted for that request only.
     */
    public S3Response headBucket(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        S3Response response = S3Response.ok().header("x-amz-bucket-region", bucket.region()).contentLength(0);
        if (ctx.params(ListingParams.class).readStatsWanted()) {
            BucketContents contents = store.bucketContents(bucket);
            response.header("X-RGW-Object-Count", Long.toString(contents.objects()))
                    .header("X-RGW-Bytes-Used", Long.toString(contents.bytes()));
        }
        return response;
    }

    public S3Response deleteBucket(RequestContext ctx) {
        store.deleteBucket(ctx.bucket());
        return S3Response.noContent();
    }

    public S3Response getBucketLocation(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        // AWS answers an empty constraint for us-east-1, and s3cmd relies on it.
        String constraint = bucket.region().equals("us-east-1") ? "" : bucket.region();
        return S3Response.xml(200, new XmlWriter().root("LocationConstraint").text(constraint).end().toString());
    }
}
