package coffer.s3;

import coffer.s3.policy.Actions;

/**
 * The one table from S3 operations to the IAM action a bucket policy names them by, as AWS's "Amazon S3 API
 * operations and permissions" maps them. Some depend on the request: an operation on a named version of an object
 * is the action's {@code *Version*} form (s3:GetObjectVersion, s3:DeleteObjectVersion, ...). To add an operation:
 * add its line here (and its name to {@link Actions#NAMES} if S3 has a new action); an operation without a line
 * maps to no action, so that no statement applies to it and only the bucket's owner and ACL decide. Stateless.
 */
final class PolicyActions {
    private PolicyActions() {
    }

    /** The action {@code op} needs; {@code version}: the request names an object version. Null: no action. */
    static String of(S3Operation op, boolean version) {
        return switch (op) {
            case ListBuckets -> "s3:ListAllMyBuckets";
            case CreateBucket -> "s3:CreateBucket";
            case DeleteBucket -> "s3:DeleteBucket";
            case HeadBucket, ListObjects, ListObjectsV2 -> "s3:ListBucket";
            case ListObjectVersions -> "s3:ListBucketVersions";
            case ListMultipartUploads -> "s3:ListBucketMultipartUploads";
            case GetBucketLocation -> "s3:GetBucketLocation";
            case GetBucketAcl -> "s3:GetBucketAcl";
            case PutBucketAcl -> "s3:PutBucketAcl";
            case GetBucketCors -> "s3:GetBucketCORS";
            case PutBucketCors, DeleteBucketCors -> "s3:PutBucketCORS";
            case GetBucketVersioning -> "s3:GetBucketVersioning";
            case PutBucketVersioning -> "s3:PutBucketVersioning";
            case GetBucketTagging -> "s3:GetBucketTagging";
            case PutBucketTagging, DeleteBucketTagging -> "s3:PutBucketTagging";
            case GetBucketPolicy -> "s3:GetBucketPolicy";
            case PutBucketPolicy -> "s3:PutBucketPolicy";
            case DeleteBucketPolicy -> "s3:DeleteBucketPolicy";
            case GetBucketPolicyStatus -> "s3:GetBucketPolicyStatus";
            case GetPublicAccessBlock -> "s3:GetBucketPublicAccessBlock";
            case PutPublicAccessBlock, DeletePublicAccessBlock -> "s3:PutBucketPublicAccessBlock";
            case GetBucketLifecycleConfiguration -> "s3:GetLifecycleConfiguration";
            case PutBucketLifecycleConfiguration, DeleteBucketLifecycle -> "s3:PutLifecycleConfiguration";
            case GetBucketEncryption -> "s3:GetEncryptionConfiguration";
            case PutBucketEncryption, DeleteBucketEncryption -> "s3:PutEncryptionConfiguration";
            case GetBucketWebsite -> "s3:GetBucketWebsite";
            case PutBucketWebsite -> "s3:PutBucketWebsite";
            case DeleteBucketWebsite -> "s3:DeleteBucketWebsite";
            case GetBucketLogging -> "s3:GetBucketLogging";
            case PutBucketLogging -> "s3:PutBucketLogging";
            case GetBucketNotificationConfiguration -> "s3:GetBucketNotification";
            case PutBucketNotificationConfiguration -> "s3:PutBucketNotification";
            case GetObjectLockConfiguration -> "s3:GetBucketObjectLockConfiguration";
            case PutObjectLockConfiguration -> "s3:PutBucketObjectLockConfiguration";
            case GetBucketAccelerateConfiguration -> "s3:GetAccelerateConfiguration";
            case PutBucketAccelerateConfiguration -> "s3:PutAccelerateConfiguration";
            case GetBucketRequestPayment -> "s3:GetBucketRequestPayment";
            case PutBucketRequestPayment -> "s3:PutBucketRequestPayment";
            case GetBucketOwnershipControls -> "s3:GetBucketOwnershipControls";
            case PutBucketOwnershipControls, DeleteBucketOwnershipControls -> "s3:PutBucketOwnershipControls";
            case GetBucketReplication -> "s3:GetReplicationConfiguration";
            case PutBucketReplication, DeleteBucketReplication -> "s3:PutReplicationConfiguration";
            case GetObject, HeadObject, SelectObjectContent -> version ? "s3:GetObjectVersion" : "s3:GetObject";
            case PutObject, PostObject, CopyObject, CreateMultipartUpload, UploadPart, UploadPartCopy,
                 CompleteMultipartUpload -> "s3:PutObject";
            case DeleteObject, DeleteObjects -> version ? "s3:DeleteObjectVersion" : "s3:DeleteObject";
            case AbortMultipartUpload -> "s3:AbortMultipartUpload";
            case ListParts -> "s3:ListMultipartUploadParts";
            case GetObjectAcl -> version ? "s3:GetObjectVersionAcl" : "s3:GetObjectAcl";
            case PutObjectAcl -> version ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl";
            case GetObjectTagging -> version ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging";
            case PutObjectTagging -> version ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging";
            case DeleteObjectTagging -> version ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging";
            case GetObjectAttributes -> version ? "s3:GetObjectVersionAttributes" : "s3:GetObjectAttributes";
            case GetObjectRetention -> "s3:GetObjectRetention";
            case PutObjectRetention -> "s3:PutObjectRetention";
            case GetObjectLegalHold -> "s3:GetObjectLegalHold";
            case PutObjectLegalHold -> "s3:PutObjectLegalHold";
            case GetObjectTorrent -> version ? "s3:GetObjectVersionTorrent" : "s3:GetObjectTorrent";
            case RestoreObject -> "s3:RestoreObject";
            default -> null;
        };
    }

    /** {@link #of} as {@link Actions#index} numbers it; -1 for none. */
    static int index(S3Operation op, boolean version) {
        String name = of(op, version);
        return name == null ? -1 : Actions.index(name);
    }
}
