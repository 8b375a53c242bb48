package coffer.storage.multipart;

import coffer.storage.Bucket;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import java.io.IOException;

/**
 * Multipart uploads as the S3 layer asks for them, reached through {@link ObjectStorage#multipart()}:
 * {@link MultipartUploads} is the engine's implementation. Implementations are thread-safe.
 */
public interface MultipartStorage {
    /** TOO_MANY_UPLOADS when the bucket's owner has its limit of uploads in progress. */
    Upload createMultipartUpload(NewUpload upload);

    /** The open upload (NO_SUCH_UPLOAD when unknown or for another bucket or key). */
    Upload findUpload(Bucket bucket, String key, String uploadId);

    /**
     * Checks that {@code customerKey} (null for none) is the key the upload was created with, or that neither has
     * one: {@link CustomerKeyException} UPLOAD_MISMATCH otherwise; NO_SUCH_UPLOAD.
     */
    void checkCustomerKey(Bucket bucket, String key, String uploadId, CustomerKey customerKey)
            throws CustomerKeyException;

    /** NO_SUCH_UPLOAD, QUOTA_EXCEEDED; the part's blob is durable before its row commits. */
    UploadPart uploadPart(PutPart part) throws IOException;

    /** UploadPartCopy; SOURCE_CHANGED if a shared source was replaced meanwhile. */
    UploadPart uploadPartCopy(CopyPart part) throws IOException;

    /** One transaction; NO_SUCH_UPLOAD, INVALID_PART, INVALID_PART_ORDER, ENTITY_TOO_SMALL, write conditions. */
    ObjectRecord completeMultipartUpload(CompleteUpload completion);

    void abortMultipartUpload(Bucket bucket, String key, String uploadId);

    /** The open upload limit and the expiry in force. */
    MultipartLimits limits();

    PartsPage listParts(Bucket bucket, String key, String uploadId, int afterPart, int maxParts);

    UploadsPage listMultipartUploads(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                     String uploadIdMarker, int maxUploads);
}
