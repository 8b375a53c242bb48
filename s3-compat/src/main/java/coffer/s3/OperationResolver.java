package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.s3.http.RequestTarget;
import java.util.Map;

/**
 * Turns (method, target, sub-resources, a few headers) into the S3 operation AWS would run. A table, not a
 * cascade of special cases: each sub-resource that S3 knows maps to its own operation, so an operation we do not
 * serve is answered {@code NotImplemented} instead of falling through to, say, DeleteBucket. Query parameters
 * that are not sub-resources (prefix, max-keys, x-id, ...) are ignored, as AWS ignores them.
 */
final class OperationResolver {

    private static final Map<String, S3Operation> BUCKET_GET = Map.ofEntries(
            Map.entry("location", S3Operation.GetBucketLocation),
            Map.entry("uploads", S3Operation.ListMultipartUploads),
            Map.entry("versions", S3Operation.ListObjectVersions),
            Map.entry("acl", S3Operation.GetBucketAcl),
            Map.entry("cors", S3Operation.GetBucketCors),
            Map.entry("versioning", S3Operation.GetBucketVersioning),
            Map.entry("tagging", S3Operation.GetBucketTagging),
            Map.entry("policy", S3Operation.GetBucketPolicy),
            Map.entry("policyStatus", S3Operation.GetBucketPolicyStatus),
            Map.entry("lifecycle", S3Operation.GetBucketLifecycleConfiguration),
            Map.entry("encryption", S3Operation.GetBucketEncryption),
            Map.entry("website", S3Operation.GetBucketWebsite),
            Map.entry("logging", S3Operation.GetBucketLogging),
            Map.entry("notification", S3Operation.GetBucketNotificationConfiguration),
            Map.entry("object-lock", S3Operation.GetObjectLockConfiguration),
            Map.entry("accelerate", S3Operation.GetBucketAccelerateConfiguration),
            Map.entry("requestPayment", S3Operation.GetBucketRequestPayment),
            Map.entry("ownershipControls", S3Operation.GetBucketOwnershipControls),
            Map.entry("publicAccessBlock", S3Operation.GetPublicAccessBlock),
            Map.entry("replication", S3Operation.GetBucketReplication),
            Map.entry("analytics", S3Operation.BucketAnalyticsConfiguration),
            Map.entry("inventory", S3Operation.BucketInventoryConfiguration),
            Map.entry("metrics", S3Operation.BucketMetricsConfiguration),
            Map.entry("intelligent-tiering", S3Operation.BucketIntelligentTieringConfiguration));

    private static final Map<String, S3Operation> BUCKET_PUT = Map.ofEntries(
            Map.entry("acl", S3Operation.PutBucketAcl),
            Map.entry("cors", S3Operation.PutBucketCors),
            Map.entry("versioning", S3Operation.PutBucketVersioning),
            Map.entry("tagging", S3Operation.PutBucketTagging),
            Map.entry("policy", S3Operation.PutBucketPolicy),
            Map.entry("lifecycle", S3Operation.PutBucketLifecycleConfiguration),
            Map.entry("encryption", S3Operation.PutBucketEncryption),
            Map.entry("website", S3Operation.PutBucketWebsite),
            Map.entry("logging", S3Operation.PutBucketLogging),
            Map.entry("notification", S3Operation.PutBucketNotificationConfiguration),
            Map.entry("object-lock", S3Operation.PutObjectLockConfiguration),
            Map.entry("accelerate", S3Operation.PutBucketAccelerateConfiguration),
            Map.entry("requestPayment", S3Operation.PutBucketRequestPayment),
            Map.entry("ownershipControls", S3Operation.PutBucketOwnershipControls),
            Map.entry("publicAccessBlock", S3Operation.PutPublicAccessBlock),
            Map.entry("replication", S3Operation.PutBucketReplication),
            Map.entry("analytics", S3Operation.BucketAnalyticsConfiguration),
            Map.entry("inventory", S3Operation.BucketInventoryConfiguration),
            Map.entry("metrics", S3Operation.BucketMetricsConfiguration),
            Map.entry("intelligent-tiering", S3Operation.BucketIntelligentTieringConfiguration));

    private static final Map<String, S3Operation> BUCKET_DELETE = Map.ofEntries(
            Map.entry("cors", S3Operation.DeleteBucketCors),
            Map.entry("tagging", S3Operation.DeleteBucketTagging),
            Map.entry("policy", S3Operation.DeleteBucketPolicy),
            Map.entry("lifecycle", S3Operation.DeleteBucketLifecycle),
            Map.entry("encryption", S3Operation.DeleteBucketEncryption),
            Map.entry("website", S3Operation.DeleteBucketWebsite),
            Map.entry("ownershipControls", S3Operation.DeleteBucketOwnershipControls),
            Map.entry("publicAccessBlock", S3Operation.DeletePublicAccessBlock),
            Map.entry("replication", S3Operation.DeleteBucketReplication),
            Map.entry("analytics", S3Operation.BucketAnalyticsConfiguration),
            Map.entry("inventory", S3Operation.BucketInventoryConfiguration),
            Map.entry("metrics", S3Operation.BucketMetricsConfiguration),
            Map.entry("intelligent-tiering", S3Operation.BucketIntelligentTieringConfiguration));

    private static final Map<String, S3Operation> OBJECT_GET = Map.ofEntries(
            Map.entry("acl", S3Operation.GetObjectAcl),
            Map.entry("tagging", S3Operation.GetObjectTagging),
            Map.entry("uploadId", S3Operation.ListParts),
            Map.entry("attributes", S3Operation.GetObjectAttributes),
            Map.entry("retention", S3Operation.GetObjectRetention),
            Map.entry("legal-hold", S3Operation.GetObjectLegalHold),
            Map.entry("torrent", S3Operation.GetObjectTorrent));

    private static final Map<String, S3Operation> OBJECT_PUT = Map.ofEntries(
            Map.entry("acl", S3Operation.PutObjectAcl),
            Map.entry("tagging", S3Operation.PutObjectTagging),
            Map.entry("retention", S3Operation.PutObjectRetention),
            Map.entry("legal-hold", S3Operation.PutObjectLegalHold));

    private static final Map<String, S3Operation> OBJECT_DELETE = Map.ofEntries(
            Map.entry("uploadId", S3Operation.AbortMultipartUpload),
            Map.entry("tagging", S3Operation.DeleteObjectTagging));

    private static final Map<String, S3Operation> OBJECT_POST = Map.ofEntries(
            Map.entry("uploads", S3Operation.CreateMultipartUpload),
            Map.entry("uploadId", S3Operation.CompleteMultipartUpload),
            Map.entry("restore", S3Operation.RestoreObject),
            Map.entry("select", S3Operation.SelectObjectContent));

    public S3Operation resolve(String method, RequestTarget target, QueryParams query, String copySource) {
        if (target.isService()) {
            if (method.equals("GET")) {
                return S3Operation.ListBuckets;
            }
            throw methodNotAllowed(method);
        }
        if (method.equals("OPTIONS")) {
            return S3Operation.PreflightRequest;
        }
        return target.hasKey() ? objectOperation(method, query, copySource) : bucketOperation(method, query);
    }

    private S3Operation bucketOperation(String method, QueryParams query) {
        return switch (method) {
            case "GET" -> subResource(query, BUCKET_GET).orElse(
                    "2".equals(query.get("list-type")) ? S3Operation.ListObjectsV2 : S3Operation.ListObjects);
            case "HEAD" -> S3Operation.HeadBucket;
            case "PUT" -> subResource(query, BUCKET_PUT).orElse(S3Operation.CreateBucket);
            case "DELETE" -> subResource(query, BUCKET_DELETE).orElse(S3Operation.DeleteBucket);
            case "POST" -> query.has("delete") ? S3Operation.DeleteObjects : S3Operation.PostObject;
            default -> throw methodNotAllowed(method);
        };
    }

    private S3Operation objectOperation(String method, QueryParams query, String copySource) {
        return switch (method) {
            case "GET" -> subResource(query, OBJECT_GET).orElse(S3Operation.GetObject);
            case "HEAD" -> S3Operation.HeadObject;
            case "PUT" -> {
                if (query.has("uploadId") || query.has("partNumber")) {
                    yield copySource != null ? S3Operation.UploadPartCopy : S3Operation.UploadPart;
                }
                yield subResource(query, OBJECT_PUT).orElse(
                        copySource != null ? S3Operation.CopyObject : S3Operation.PutObject);
            }
            case "DELETE" -> subResource(query, OBJECT_DELETE).orElse(S3Operation.DeleteObject);
            case "POST" -> subResource(query, OBJECT_POST).orElseThrow(() -> methodNotAllowed(method));
            default -> throw methodNotAllowed(method);
        };
    }

    private static java.util.Optional<S3Operation> subResource(QueryParams query, Map<String, S3Operation> table) {
        for (String name : query.names()) {
            S3Operation op = table.get(name);
            if (op != null) {
                return java.util.Optional.of(op);
            }
        }
        return java.util.Optional.empty();
    }

    private static S3Exception methodNotAllowed(String method) {
        return new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED,
                "The specified method is not allowed against this resource.", Map.of("Method", method), null);
    }
}
