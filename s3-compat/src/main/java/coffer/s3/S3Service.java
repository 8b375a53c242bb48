package coffer.s3;

import coffer.s3.auth.AuthResult;
import coffer.s3.auth.Authenticator;
import coffer.s3.auth.Credential;
import coffer.s3.body.BodyChecksums;
import coffer.s3.error.EngineErrors;
import coffer.s3.error.ErrorDocument;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.handler.AclHandler;
import coffer.s3.handler.AclRequests;
import coffer.s3.handler.BucketAccess;
import coffer.s3.handler.BucketHandler;
import coffer.s3.handler.CopyHandler;
import coffer.s3.handler.CorsHandler;
import coffer.s3.handler.DeleteHandler;
import coffer.s3.handler.ListHandler;
import coffer.s3.handler.MultipartHandler;
import coffer.s3.handler.MultipartListHandler;
import coffer.s3.handler.ObjectAttributesHandler;
import coffer.s3.handler.ObjectReadHandler;
import coffer.s3.handler.ObjectWriteHandler;
import coffer.s3.handler.OwnershipControlsHandler;
import coffer.s3.handler.PostObjectHandler;
import coffer.s3.handler.RequestAuthorizer;
import coffer.s3.handler.RequestContext;
import coffer.s3.handler.ServerSideEncryption;
import coffer.s3.handler.TaggingHandler;
import coffer.s3.http.RequestFacts;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.op.OperationResolver;
import coffer.s3.op.QueryParams;
import coffer.s3.op.RequestTarget;
import coffer.s3.op.S3Operation;
import coffer.s3.xml.XmlReader;
import coffer.storage.Store;
import java.util.Optional;

/**
 * The S3 protocol, independent of any HTTP server: resolve the operation, authenticate, then one exhaustive
 * switch calls the handler of its family. Every failure leaves as an S3 error document. Thread-safe.
 */
public final class S3Service {
    /** Request documents (bucket configuration, delete lists) are small; anything larger is refused. */
    private static final int MAX_XML_BYTES = 1024 * 1024;
    /** A CompleteMultipartUpload of 10,000 parts, each with a checksum, stays well below this. */
    private static final int MAX_COMPLETE_XML_BYTES = 4 * 1024 * 1024;

    private final Authenticator authenticator;
    private final Optional<String> domain;
    private final OperationResolver resolver = new OperationResolver();
    private final EngineErrors engineErrors = new EngineErrors();
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

    public S3Service(Store store, Authenticator authenticator, String region, Optional<String> domain) {
        this.authenticator = authenticator;
        this.domain = domain;
        BucketAccess access = new BucketAccess(store);
        XmlReader xml = new XmlReader(MAX_XML_BYTES);
        AclRequests aclRequests = new AclRequests(store);
        this.buckets = new BucketHandler(store, access, aclRequests, xml, region);
        this.authorizer = new RequestAuthorizer(store, access);
        this.cors = new CorsHandler(store, xml);
        this.acls = new AclHandler(store, access, aclRequests, xml);
        this.reads = new ObjectReadHandler(store);
        this.tagging = new TaggingHandler(store, xml);
        this.attributes = new ObjectAttributesHandler(store);
        this.encryption = new ServerSideEncryption(store, xml);
        this.ownership = new OwnershipControlsHandler(store, access, xml);
        this.writes = new ObjectWriteHandler(store, aclRequests);
        this.deletes = new DeleteHandler(store, new XmlReader(MAX_XML_BYTES));
        this.copies = new CopyHandler(store, access, aclRequests);
        this.multipart = new MultipartHandler(store, access, new XmlReader(MAX_COMPLETE_XML_BYTES));
        this.multipartLists = new MultipartListHandler(store, access);
        this.lists = new ListHandler(store, access);
        this.posts = new PostObjectHandler(store, access, authenticator, domain);
    }

    /** Serves one request; never throws. */
    public S3Response handle(S3Request request, String requestId) {
        Progress progress = new Progress();
        S3Response response = serve(request, requestId, progress);
        if (progress.bucket != null) {
            cors.decorate(request, progress.bucket, response);
        }
        return response.facts(new RequestFacts(requestId, progress.operation == null ? null : progress.operation.name(),
                progress.accessKeyId, progress.bucket, progress.key, response.errorCode()));
    }

    /** How far {@link #serve} got: what it learned before it answered or failed, for {@link RequestFacts}. */
    private static final class Progress {
        private String bucket;
        private String key;
        private S3Operation operation;
        private String accessKeyId;
    }

    /** Resolves, authenticates and dispatches, recording in {@code progress} what it learned on the way. */
    private S3Response serve(S3Request request, String requestId, Progress progress) {
        String resource = "/";
        boolean withBody = !request.method().equals("HEAD");
        try {
            RequestTarget target = RequestTarget.of(request.rawPath(), request.header("Host"), domain);
            progress.bucket = target.bucket();
            progress.key = target.hasKey() ? target.key() : null;
            resource = target.isService() ? "/" : "/" + target.bucket() + (target.hasKey() ? "/" + target.key() : "");
            QueryParams query = QueryParams.parse(request.rawQuery());
            S3Operation op = resolver.resolve(request.method(), target, query, request.header("x-amz-copy-source"));
            progress.operation = op;
            // Browsers never sign a preflight; one that carries a presigned URL's query is still a preflight.
            AuthResult auth = op == S3Operation.PreflightRequest
                    ? new AuthResult(Optional.empty(), request.body(), -1, BodyChecksums.none())
                    : authenticator.authenticate(request, query, op);
            admit(auth.principal(), op, progress);
            ServerSideEncryption.check(request, op);
            RequestContext ctx = authorizer.authorize(new RequestContext(request, requestId, target, query, op, auth));
            S3Response response = dispatch(ctx, progress);
            ServerSideEncryption.echo(op, response);
            return response;
        } catch (S3Exception e) {
            return ErrorDocument.render(e, resource, requestId, withBody);
        } catch (RuntimeException e) {
            return ErrorDocument.render(engineErrors.toS3(e, requestId), resource, requestId, withBody);
        }
    }

    /**
     * The gate every caller passes, whoever vouches for it (the request's signature, or a POST form's policy):
     * records its access key id for the access log, then refuses an anonymous caller where the operation needs
     * a signed one and a suspended account's writes.
     */
    private static void admit(Optional<Credential> principal, S3Operation op, Progress progress) {
        principal.ifPresent(p -> progress.accessKeyId = p.accessKeyId());
        if (principal.isEmpty() && !op.allowsAnonymous()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        if (principal.isPresent() && principal.get().readOnly() && !op.isRead()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Access Denied: account suspended");
        }
    }

    private S3Response dispatch(RequestContext ctx, Progress progress) {
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
            case PostObject -> posts.postObject(ctx, signer -> admit(Optional.of(signer), ctx.operation(), progress));
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
            case ListObjectVersions,
                 GetBucketVersioning, PutBucketVersioning,
                 GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy, GetBucketLifecycleConfiguration,
                 PutBucketLifecycleConfiguration, DeleteBucketLifecycle, GetBucketWebsite, PutBucketWebsite, DeleteBucketWebsite, GetBucketLogging,
                 PutBucketLogging, GetBucketNotificationConfiguration, PutBucketNotificationConfiguration,
                 GetObjectLockConfiguration, PutObjectLockConfiguration, GetBucketAccelerateConfiguration,
                 PutBucketAccelerateConfiguration, GetBucketRequestPayment, PutBucketRequestPayment,
                 GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock, GetBucketReplication,
                 PutBucketReplication, DeleteBucketReplication, BucketAnalyticsConfiguration,
                 BucketInventoryConfiguration, BucketMetricsConfiguration, BucketIntelligentTieringConfiguration,
                 GetBucketPolicyStatus,
                 GetObjectRetention, PutObjectRetention, GetObjectLegalHold, PutObjectLegalHold, GetObjectTorrent,
                 RestoreObject, SelectObjectContent ->
                    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                            ctx.operation() + " is not implemented by this server yet");
        };
    }
}
