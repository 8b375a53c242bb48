package coffer.s3;

import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.http.ServerLogFacts;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The S3 side of a server access log record (docs/access-logging.md): for a request on a logged bucket, the
 * owner, the requester, AWS's operation name, the version and object size, how it was signed, and where the
 * record goes. Requests on buckets without logging cost one cached lookup ({@link LoggingConfigs}). Thread-safe.
 */
final class ServerLogging {
    private final LoggingConfigs configs;
    private final CanonicalIds canonicalIds;

    ServerLogging(LoggingConfigs configs, CanonicalIds canonicalIds) {
        this.configs = configs;
        this.canonicalIds = canonicalIds;
    }

    /**
     * The record's S3 side, or null when the request addressed no logged bucket. Never throws: a record that
     * cannot be made (the catalog failing) is not made, and the request is answered as it would have been.
     */
    ServerLogFacts facts(S3Request request, String bucket, String key, S3Operation op, OptionalLong requesterAccount,
                         S3Response response) {
        if (bucket == null || bucket.isEmpty()) {
            return null;
        }
        try {
            Optional<LoggingConfigs.Logged> logged = configs.of(bucket);
            if (logged.isEmpty()) {
                return null;
            }
            BucketLogging logging = logged.get().logging();
            String owner = canonicalIds.of(logged.get().bucket().ownerId());
            String requester = requesterAccount.isPresent() ? canonicalIds.of(requesterAccount.getAsLong()) : null;
            return new ServerLogFacts(owner, requester, operationName(op, request.method(), key != null),
                    response.firstHeader(ObjectReadHandler.VERSION_ID), objectSize(op, request, response),
                    signatureVersion(request), authType(request, op), logging.targetBucket(),
                    logging.targetPrefix(), logging.partitioned(), logging.eventTime(),
                    logged.get().bucket().region());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long objectSize(S3Operation op, S3Request request, S3Response response) {
        if (op == null || response.status() >= 300) {
            return -1;
        }
        return switch (op) {
            case GetObject, HeadObject -> response.contentLength();
            case PutObject, UploadPart -> parseLong(request.header("x-amz-decoded-content-length"),
                    parseLong(request.header("Content-Length"), -1));
            default -> -1;
        };
    }

    private static long parseLong(String value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static String signatureVersion(S3Request request) {
        String authorization = request.header("Authorization");
        String query = request.rawQuery() == null ? "" : request.rawQuery();
        if (authorization != null && authorization.startsWith("AWS4-")
                || query.contains("X-Amz-Signature=") || query.contains("X-Amz-Credential=")) {
            return "SigV4";
        }
        if (authorization != null && authorization.startsWith("AWS ") || query.contains("Signature=")) {
            return "SigV2";
        }
        return null;
    }

    private static String authType(S3Request request, S3Operation op) {
        if (op == S3Operation.PostObject) {
            return "HtmlForm";
        }
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            return "AuthHeader";
        }
        return signatureVersion(request) == null ? null : "QueryString";
    }

    /** AWS's name of the operation in a log record: {@code REST.<method>.<resource>}. */
    static String operationName(S3Operation op, String method, boolean hasKey) {
        String m = method.toUpperCase(Locale.ROOT);
        if (op == null) {
            return "REST." + m + (hasKey ? ".OBJECT" : ".BUCKET");
        }
        String resource = switch (op) {
            case ListBuckets -> "SERVICE";
            case CreateBucket, DeleteBucket, HeadBucket, ListObjects, ListObjectsV2 -> "BUCKET";
            case ListObjectVersions -> "BUCKETVERSIONS";
            case GetBucketLocation -> "LOCATION";
            case GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl -> "ACL";
            case GetBucketCors, PutBucketCors, DeleteBucketCors -> "CORS";
            case GetBucketVersioning, PutBucketVersioning -> "VERSIONING";
            case GetBucketTagging, PutBucketTagging, DeleteBucketTagging -> "TAGGING";
            case GetObjectTagging, PutObjectTagging, DeleteObjectTagging -> "OBJECT_TAGGING";
            case GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy -> "BUCKETPOLICY";
            case GetBucketPolicyStatus -> "POLICY_STATUS";
            case GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration, DeleteBucketLifecycle ->
                    "LIFECYCLE";
            case GetBucketEncryption, PutBucketEncryption, DeleteBucketEncryption -> "ENCRYPTION";
            case GetBucketLogging, PutBucketLogging -> "LOGGING_STATUS";
            case GetBucketOwnershipControls, PutBucketOwnershipControls, DeleteBucketOwnershipControls ->
                    "OWNERSHIP_CONTROLS";
            case GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock -> "PUBLIC_ACCESS_BLOCK";
            case GetObjectLockConfiguration, PutObjectLockConfiguration -> "OBJECT_LOCK_CONFIGURATION";
            case GetObjectRetention, PutObjectRetention -> "RETENTION";
            case GetObjectLegalHold, PutObjectLegalHold -> "LEGAL_HOLD";
            case GetObjectAttributes -> "OBJECT_ATTRIBUTES";
            case DeleteObjects -> "MULTI_OBJECT_DELETE";
            case CreateMultipartUpload, ListMultipartUploads -> "UPLOADS";
            case UploadPart -> "PART";
            case CompleteMultipartUpload, AbortMultipartUpload, ListParts -> "UPLOAD";
            case PreflightRequest -> "PREFLIGHT";
            default -> "OBJECT";
        };
        if (op == S3Operation.CopyObject) {
            return "REST.COPY.OBJECT";
        }
        if (op == S3Operation.UploadPartCopy) {
            return "REST.COPY.PART";
        }
        return "REST." + m + "." + resource;
    }
}
