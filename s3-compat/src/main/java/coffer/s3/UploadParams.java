package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import java.util.Map;

/**
 * The parameters of the operations on one multipart upload (UploadPart, UploadPartCopy, Complete, Abort,
 * ListParts): the upload id, the part number and ListParts' page. Checked when read. Immutable.
 */
record UploadParams(String rawUploadId, String rawPartNumber, String rawMaxParts,
                           String rawPartNumberMarker) implements OperationParams {
    static UploadParams of(QueryParams q) {
        return new UploadParams(q.get("uploadId"), q.get("partNumber"), q.get("max-parts"),
                q.get("part-number-marker"));
    }

    /** {@code uploadId}; NoSuchUpload when missing, empty or longer than any id this server hands out. */
    public String uploadId() {
        if (rawUploadId == null || rawUploadId.isEmpty() || rawUploadId.length() > 64) {
            throw new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD, S3ErrorCode.NO_SUCH_UPLOAD.defaultMessage(),
                    Map.of("UploadId", String.valueOf(rawUploadId)), null);
        }
        return rawUploadId;
    }

    /** {@code partNumber}, 1 to 10,000; InvalidArgument otherwise. */
    public int partNumber() {
        return ObjectParams.partNumber(rawPartNumber);
    }

    /** ListParts' {@code max-parts}, at most {@code limit}. */
    public int maxParts(int limit) {
        return QueryParams.intValue("max-parts", rawMaxParts, limit, 0, limit);
    }

    /** ListParts' {@code part-number-marker}, 0 when absent. */
    public int partNumberMarker() {
        return QueryParams.intValue("part-number-marker", rawPartNumberMarker, 0, 0, Integer.MAX_VALUE);
    }
}
