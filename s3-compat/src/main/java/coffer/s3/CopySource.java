package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.PercentCodec;
import coffer.s3.http.RequestTarget;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.ObjectVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The source of CopyObject and UploadPartCopy: {@code x-amz-copy-source} ({@code /bucket/key} or
 * {@code bucket/key}, the key URL-encoded, optionally {@code ?versionId=}: that version, {@code null} included;
 * docs/versioning.md), resolved to an object the caller
 * may read, and the {@code x-amz-copy-source-if-*} conditions checked on it as AWS does: if-match that holds
 * overrides a failing if-unmodified-since, if-none-match that holds overrides a failing if-modified-since, and
 * every failure is 412. Stateless.
 */
record CopySource(String bucket, String key, String versionId) {

    static CopySource parse(String header) {
        if (header == null || header.isBlank()) {
            throw invalid();
        }
        String raw = header.startsWith("/") ? header.substring(1) : header;
        int query = raw.indexOf('?');
        String versionId = null;
        if (query >= 0) {
            String q = raw.substring(query + 1);
            raw = raw.substring(0, query);
            if (q.startsWith("versionId=")) {
                versionId = PercentCodec.decode(q.substring("versionId=".length()), false);
                if (!ObjectVersion.isWellFormedId(versionId)) {
                    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid version id specified",
                            Map.of("ArgumentName", "x-amz-copy-source", "ArgumentValue", versionId), null);
                }
            }
        }
        int slash = raw.indexOf('/');
        if (slash <= 0 || slash == raw.length() - 1) {
            throw invalid();
        }
        return new CopySource(RequestTarget.addressable(raw.substring(0, slash)),
                PercentCodec.decode(raw.substring(slash + 1), false), versionId);
    }

    /** Whether the source is the destination's current object: the same key, no version named. */
    boolean isCurrent(String bucketName, String keyName) {
        return versionId == null && bucket.equals(bucketName) && key.equals(keyName);
    }

    /** The source object, which the caller must be allowed to read; NoSuchBucket, AccessDenied, NoSuchKey. */
    ObjectRecord resolve(RequestContext ctx, ObjectStorage store, BucketAccess access) {
        ObjectAccess objects = new ObjectAccess(store, access);
        ObjectRecord found = (versionId == null ? objects.permitted(ctx, bucket, key, Permission.READ)
                : objects.permittedVersion(ctx, bucket, key, versionId, Permission.READ)).object();
        checkConditions(ctx, found);
        return found;
    }

    static void checkConditions(RequestContext ctx, ObjectRecord source) {
        String ifMatch = ctx.header("x-amz-copy-source-if-match");
        String ifNoneMatch = ctx.header("x-amz-copy-source-if-none-match");
        Instant modified = source.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if (ifMatch != null) {
            if (!Preconditions.matches(ifMatch, source.etag())) {
                throw failed();
            }
        } else {
            Optional<Instant> since = HttpDates.parseHeader(ctx.header("x-amz-copy-source-if-unmodified-since"));
            if (since.isPresent() && modified.isAfter(since.get())) {
                throw failed();
            }
        }
        if (ifNoneMatch != null) {
            if (Preconditions.matches(ifNoneMatch, source.etag())) {
                throw failed();
            }
        } else {
            Optional<Instant> since = HttpDates.parseHeader(ctx.header("x-amz-copy-source-if-modified-since"));
            if (since.isPresent() && !modified.isAfter(since.get())) {
                throw failed();
            }
        }
    }

    private static S3Exception failed() {
        return new S3Exception(S3ErrorCode.PRECONDITION_FAILED, S3ErrorCode.PRECONDITION_FAILED.defaultMessage(),
                Map.of("Condition", "x-amz-copy-source-If"), null);
    }

    private static S3Exception invalid() {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key:"
                + " sourcebucket/sourcekey", Map.of("ArgumentName", "x-amz-copy-source"), null);
    }
}
