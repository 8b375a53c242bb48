package coffer.s3;

import coffer.s3.auth.Authenticator;
import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.ObjectStorage;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The handlers, one per operation family, and the one exhaustive switch that calls them: authorizes the request's
 * operation once ({@link RequestAuthorizer}), checks its SSE headers, dispatches, and echoes the encryption
 * on the response. The handlers are this package's own; nothing outside it calls them. Thread-safe.
 */
final class Dispatcher {
    /** Request documents (bucket configuration, delete lists) are small; anything larger is refused. */
    private static final int MAX_XML_BYTES = 1024 * 1024;
    /** A CompleteMultipartUpload of 10,000 parts, each with a checksum, stays well below this. */
    private static final int MAX_COMPLETE_XML_BYTES = 4 * 1024 * 1024;

    private final RequestAuthorizer authorizer;
    private final BucketHandler buckets;
    private final ObjectReadHandler reads;
    private final ObjectWriteHandler writes;
    private final DeleteHandler deletes;
    private final CopyHandler copies;
    private final MultipartHandler multipart;
    private final MultipartListHandler multipartLists;
    private final ListHandler lists;
    private final PostObjectHandler posts;
    private final CorsHandler cors;
    private final AclHandler acls;
    private final TaggingHandler tagging;
    private final ObjectAttributesHandler attributes;
    private final ServerSideEncryption encryption;
    private final OwnershipControlsHandler ownership;
    private final VersioningHandler versioning;
    private final VersionListHandler versionLists;
    private final LoggingHandler logging;
    private final ObjectLockHandler locks;
    private final LifecycleHandler lifecycle;
    private final BucketPolicyHandler policies;

    /** The handlers over {@code store}; {@code accounts} resolves ACL grantees. */
    public Dispatcher(ObjectStorage store, AccountDirectory accounts, Authenticator authenticator, String region,
                      Optional<String> domain) {
        this(store, accounts, authenticator, region, domain, new LoggingConfigs(store));
    }

    /** As above, with the cache of bucket logging configurations that PutBucketLogging keeps current. */
    Dispatcher(ObjectStorage store, AccountDirectory accounts, Authenticator authenticator, String region,
               Optional<String> domain, LoggingConfigs loggingConfigs) {
        BucketAccess access = new BucketAccess(store, accounts);
        XmlReader xml = new XmlReader(MAX_XML_BYTES);
        AclRequests aclRequests = new AclRequests(accounts, access.protections());
        this.buckets = new BucketHandler(store, access, aclRequests, xml, region);
        this.authorizer = new RequestAuthorizer(store, access);
        this.cors = new CorsHandler(store, xml);
        this.acls = new AclHandler(store, access, aclRequests, xml);
        this.reads = new ObjectReadHandler(store);
        this.tagging = new TaggingHandler(store, xml);
        this.attributes = new ObjectAttributesHandler(store);
        this.encryption = new ServerSideEncryption(store, xml);
        this.ownership = new OwnershipControlsHandler(store, access, xml);
        this.versioning = new VersioningHandler(store, xml);
        this.versionLists = new VersionListHandler(store, access);
        this.logging = new LoggingHandler(store, xml, loggingConfigs);
        this.locks = new ObjectLockHandler(store, xml);
        this.lifecycle = new LifecycleHandler(store, xml);
        this.policies = new BucketPolicyHandler(store, access, xml);
        this.writes = new ObjectWriteHandler(store, aclRequests);
        this.deletes = new DeleteHandler(store, new XmlReader(MAX_XML_BYTES), access);
        this.copies = new CopyHandler(store, access, aclRequests);
        this.multipart = new MultipartHandler(store, access, aclRequests, new XmlReader(MAX_COMPLETE_XML_BYTES));
        this.multipartLists = new MultipartListHandler(store, access);
        this.lists = new ListHandler(store, access);
        this.posts = new PostObjectHandler(store, access, authenticator, domain);
    }

    /**
     * Authorizes and serves an authenticated, admitted request.
     *
     * @param admitSigner admits the signer of a POST upload's policy, known only once its handler verified it
     */
    public S3Response serve(RequestContext request, Consumer<Credential> admitSigner) {
        // Authorization first, as AWS: a bucket policy that denies a request for its encryption headers answers
        // 403 AccessDenied even when those headers are malformed (ceph/s3-tests expects it).
        RequestContext authorized = authorizer.authorize(request);
        ServerSideEncryption.check(request.request(), request.operation());
        S3Response response = dispatch(authorized, admitSigner);
        ServerSideEncryption.echo(request.operation(), response);
        return response;
    }

    /** Adds the CORS headers bucket {@code bucket}'s configuration gives {@code response}, if any. */
    public void decorateCors(S3Request request, String bucket, S3Response response) {
        cors.decorate(request, bucket, response);
    }

    private S3Response dispatch(RequestContext ctx, Consumer<Credential> admitSigner) {
        return switch (ctx.operation()) {
            case ListBuckets -> buckets.listBuckets(ctx);
            case CreateBucket -> buckets.createBucket(ctx);
            case HeadBucket -> buckets.headBucket(ctx);
            case DeleteBucket -> buckets.deleteBucket(ctx);
            case GetBucketLocation -> buckets.getBucketLocation(ctx);
            case ListObjects -> lists.listObjects(ctx);
            case ListObjectsV2 -> lists.listObjectsV2(ctx);
            case GetObject -> reads.getObject(ctx);
            case HeadObject -> reads.headObject(ctx);
            case PutObject -> writes.putObject(ctx);
            case PostObject -> posts.postObject(ctx, admitSigner);
            case DeleteObject -> deletes.deleteObject(ctx);
            case DeleteObjects -> deletes.deleteObjects(ctx);
            case CopyObject -> copies.copyObject(ctx);
            case CreateMultipartUpload -> multipart.createMultipartUpload(ctx);
            case UploadPart -> multipart.uploadPart(ctx);
            case UploadPartCopy -> multipart.uploadPartCopy(ctx);
            case CompleteMultipartUpload -> multipart.completeMultipartUpload(ctx);
            case AbortMultipartUpload -> multipart.abortMultipartUpload(ctx);
            case ListParts -> multipartLists.listParts(ctx);
            case ListMultipartUploads -> multipartLists.listMultipartUploads(ctx);
            case GetBucketCors -> cors.getBucketCors(ctx);
            case PutBucketCors -> cors.putBucketCors(ctx);
            case DeleteBucketCors -> cors.deleteBucketCors(ctx);
            case PreflightRequest -> cors.preflight(ctx);
            case GetBucketAcl -> acls.getBucketAcl(ctx);
            case PutBucketAcl -> acls.putBucketAcl(ctx);
            case GetObjectAcl -> acls.getObjectAcl(ctx);
            case PutObjectAcl -> acls.putObjectAcl(ctx);
            case GetObjectTagging -> tagging.getObjectTagging(ctx);
            case PutObjectTagging -> tagging.putObjectTagging(ctx);
            case DeleteObjectTagging -> tagging.deleteObjectTagging(ctx);
            case GetObjectAttributes -> attributes.getObjectAttributes(ctx);
            case GetBucketEncryption -> encryption.getBucketEncryption(ctx);
            case PutBucketEncryption -> encryption.putBucketEncryption(ctx);
            case DeleteBucketEncryption -> encryption.deleteBucketEncryption(ctx);
            case GetBucketTagging -> tagging.getBucketTagging(ctx);
            case PutBucketTagging -> tagging.putBucketTagging(ctx);
            case DeleteBucketTagging -> tagging.deleteBucketTagging(ctx);
            case GetBucketOwnershipControls -> ownership.getBucketOwnershipControls(ctx);
            case PutBucketOwnershipControls -> ownership.putBucketOwnershipControls(ctx);
            case DeleteBucketOwnershipControls -> ownership.deleteBucketOwnershipControls(ctx);
            case GetBucketVersioning -> versioning.getBucketVersioning(ctx);
            case PutBucketVersioning -> versioning.putBucketVersioning(ctx);
            case ListObjectVersions -> versionLists.listObjectVersions(ctx);
            case GetBucketLogging -> logging.getBucketLogging(ctx);
            case PutBucketLogging -> logging.putBucketLogging(ctx);
            case GetObjectLockConfiguration -> locks.getObjectLockConfiguration(ctx);
            case PutObjectLockConfiguration -> locks.putObjectLockConfiguration(ctx);
            case GetObjectRetention -> locks.getObjectRetention(ctx);
            case PutObjectRetention -> locks.putObjectRetention(ctx);
            case GetObjectLegalHold -> locks.getObjectLegalHold(ctx);
            case PutObjectLegalHold -> locks.putObjectLegalHold(ctx);
            case GetBucketLifecycleConfiguration -> lifecycle.getBucketLifecycleConfiguration(ctx);
            case PutBucketLifecycleConfiguration -> lifecycle.putBucketLifecycleConfiguration(ctx);
            case DeleteBucketLifecycle -> lifecycle.deleteBucketLifecycle(ctx);
            case GetBucketPolicy -> policies.getBucketPolicy(ctx);
            case PutBucketPolicy -> policies.putBucketPolicy(ctx);
            case DeleteBucketPolicy -> policies.deleteBucketPolicy(ctx);
            case GetBucketPolicyStatus -> policies.getBucketPolicyStatus(ctx);
            case GetPublicAccessBlock -> policies.getPublicAccessBlock(ctx);
            case PutPublicAccessBlock -> policies.putPublicAccessBlock(ctx);
            case DeletePublicAccessBlock -> policies.deletePublicAccessBlock(ctx);
            case GetBucketWebsite, PutBucketWebsite, DeleteBucketWebsite,
                 GetBucketNotificationConfiguration, PutBucketNotificationConfiguration,
                 GetBucketAccelerateConfiguration,
                 PutBucketAccelerateConfiguration, GetBucketRequestPayment, PutBucketRequestPayment,
                 GetBucketReplication,
                 PutBucketReplication, DeleteBucketReplication, BucketAnalyticsConfiguration,
                 BucketInventoryConfiguration, BucketMetricsConfiguration, BucketIntelligentTieringConfiguration,
                 GetObjectTorrent,
                 RestoreObject, SelectObjectContent ->
                    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                            ctx.operation() + " is not implemented by this server yet");
        };
    }
}
