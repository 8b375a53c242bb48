package coffer.s3;


/**
 * Every S3 operation Coffer recognises, named exactly as AWS names it. Recognising an operation does not mean it is
 * implemented: the dispatcher answers {@code NotImplemented} for those it does not serve yet, so that no request
 * ever falls through to a different (possibly destructive) operation.
 */
enum S3Operation {
    // Service
    ListBuckets,
    // Buckets
    CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, ListObjects, ListObjectsV2, ListObjectVersions,
    GetBucketAcl, PutBucketAcl, GetBucketCors, PutBucketCors, DeleteBucketCors, GetBucketVersioning,
    PutBucketVersioning, GetBucketTagging, PutBucketTagging, DeleteBucketTagging, GetBucketPolicy, PutBucketPolicy,
    DeleteBucketPolicy, GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration, DeleteBucketLifecycle,
    GetBucketEncryption, PutBucketEncryption, DeleteBucketEncryption, GetBucketWebsite, PutBucketWebsite,
    DeleteBucketWebsite, GetBucketLogging, PutBucketLogging, GetBucketNotificationConfiguration,
    PutBucketNotificationConfiguration, GetObjectLockConfiguration, PutObjectLockConfiguration,
    GetBucketAccelerateConfiguration, PutBucketAccelerateConfiguration, GetBucketRequestPayment,
    PutBucketRequestPayment, GetBucketOwnershipControls, PutBucketOwnershipControls, DeleteBucketOwnershipControls,
    GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock, GetBucketReplication, PutBucketReplication,
    DeleteBucketReplication, BucketAnalyticsConfiguration, BucketInventoryConfiguration, BucketMetricsConfiguration,
    BucketIntelligentTieringConfiguration, GetBucketPolicyStatus,
    ListMultipartUploads, DeleteObjects, PostObject,
    // Objects
    GetObject, HeadObject, PutObject, CopyObject, DeleteObject, GetObjectAcl, PutObjectAcl, GetObjectTagging,
    PutObjectTagging, DeleteObjectTagging, GetObjectAttributes, GetObjectRetention, PutObjectRetention,
    GetObjectLegalHold, PutObjectLegalHold, GetObjectTorrent, RestoreObject, SelectObjectContent,
    // Multipart
    CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts,
    // CORS preflight (OPTIONS)
    PreflightRequest;

    /**
     * Operations that may arrive without header or query authentication: the CORS preflight (browsers never sign
     * it), the browser POST upload (its form carries the signed policy, checked by its handler), and the
     * operations on a bucket or object, which an ACL ({@code AllUsers} grants) or a bucket policy
     * ({@code "Principal": "*"}) can open to everyone, and which {@link #access()} then checks. Everything else
     * anonymous (what addresses no bucket, and operations not implemented) is refused before any handler runs,
     * ListBuckets included (403 AccessDenied, as AWS answers).
     */
    public boolean allowsAnonymous() {
        return this == PreflightRequest || this == PostObject || access().scope() != RequiredAccess.Scope.NONE;
    }

    /** True for operations that never change state, so a suspended account or an anonymous reader may run them. */
    public boolean isRead() {
        return switch (this) {
            case ListBuckets, HeadBucket, GetBucketLocation, ListObjects, ListObjectsV2, ListObjectVersions,
                 GetBucketAcl, GetBucketCors, GetBucketVersioning, GetBucketTagging, GetBucketPolicy,
                 GetBucketLifecycleConfiguration, GetBucketEncryption, GetBucketWebsite, GetBucketLogging,
                 GetBucketNotificationConfiguration, GetObjectLockConfiguration, GetBucketAccelerateConfiguration,
                 GetBucketRequestPayment, GetBucketOwnershipControls, GetPublicAccessBlock, GetBucketReplication,
                 GetBucketPolicyStatus, ListMultipartUploads, GetObject, HeadObject, GetObjectAcl, GetObjectTagging,
                 GetObjectAttributes, GetObjectRetention, GetObjectLegalHold, GetObjectTorrent, ListParts,
                 PreflightRequest -> true;
            default -> false;
        };
    }

    /**
     * What the caller must hold for this operation, checked once before dispatch (see {@link RequiredAccess}). A
     * copy's source is a second resource: its READ is checked on the copy's path, as is a POST upload's WRITE.
     */
    public RequiredAccess access() {
        return switch (this) {
            case HeadBucket, ListObjects, ListObjectsV2, ListObjectVersions -> RequiredAccess.bucket(Permission.READ);
            case PutObject, CopyObject, DeleteObject, CreateMultipartUpload, UploadPart, UploadPartCopy,
                 CompleteMultipartUpload, AbortMultipartUpload, ListParts -> RequiredAccess.bucket(Permission.WRITE);
            case DeleteObjects -> RequiredAccess.eachKey(Permission.WRITE);
            case ListMultipartUploads -> RequiredAccess.bucket(Permission.READ);
            case GetBucketAcl -> RequiredAccess.bucket(Permission.READ_ACP);
            case PutBucketAcl -> RequiredAccess.bucket(Permission.WRITE_ACP);
            case GetObject, HeadObject -> RequiredAccess.object(Permission.READ);
            case GetObjectAcl -> RequiredAccess.object(Permission.READ_ACP);
            case PutObjectAcl -> RequiredAccess.object(Permission.WRITE_ACP);
            case DeleteBucket, GetBucketLocation, GetBucketCors, PutBucketCors, DeleteBucketCors,
                 GetBucketEncryption, PutBucketEncryption, DeleteBucketEncryption, GetBucketTagging,
                 PutBucketTagging, DeleteBucketTagging, GetBucketOwnershipControls, PutBucketOwnershipControls,
                 DeleteBucketOwnershipControls, GetObjectTagging, PutObjectTagging,
                 DeleteObjectTagging, GetObjectAttributes, GetBucketVersioning,
                 PutBucketVersioning, GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus,
                 GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock,
                 GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration,
                 DeleteBucketLifecycle -> RequiredAccess.BUCKET_OWNER;
            case GetObjectLockConfiguration, PutObjectLockConfiguration, GetObjectRetention, PutObjectRetention,
                 GetObjectLegalHold, PutObjectLegalHold -> RequiredAccess.BUCKET_OWNER;
            case GetBucketLogging, PutBucketLogging -> RequiredAccess.BUCKET_OWNER;
            default -> RequiredAccess.NONE;
        };
    }
}
