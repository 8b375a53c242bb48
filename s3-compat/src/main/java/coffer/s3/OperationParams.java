package coffer.s3;

import coffer.s3.http.QueryParams;

/**
 * The query parameters an operation reads, typed and grouped by family (as Garage's endpoints carry theirs): each
 * parameter is named here, in its family's record, and nowhere else. Built once per request from the parsed
 * query. A value is checked when its handler asks for it, not when the record is built, so that the order of
 * errors stays S3's (authorization before a malformed part number, a missing upload before a bad listing size).
 */
sealed interface OperationParams permits ListingParams, UploadParams, ObjectParams, OperationParams.None {
    /** An operation that reads no query parameter (its sub-resource, if any, only chose the operation). */
    record None() implements OperationParams {
    }

    None NONE = new None();

    /** The parameters {@code operation} reads from {@code query}. */
    static OperationParams of(S3Operation operation, QueryParams query) {
        return switch (operation) {
            case ListBuckets, ListObjects, ListObjectsV2, ListObjectVersions, ListMultipartUploads, HeadBucket ->
                    ListingParams.of(query);
            case UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts ->
                    UploadParams.of(query);
            case GetObject, HeadObject, DeleteObject, GetObjectAcl, PutObjectAcl, GetObjectAttributes,
                 GetObjectTagging, PutObjectTagging, DeleteObjectTagging -> ObjectParams.of(query);
            case GetObjectRetention, PutObjectRetention, GetObjectLegalHold, PutObjectLegalHold ->
                    ObjectParams.of(query);
            default -> NONE;
        };
    }
}
