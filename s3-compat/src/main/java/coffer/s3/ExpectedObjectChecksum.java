package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.ObjectChecksum;
import coffer.storage.multipart.ChecksumCombiner;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.util.List;
import java.util.Optional;

/**
 * The {@code x-amz-checksum-*} header of a CompleteMultipartUpload: the checksum the client expects the object to
 * get (a COMPOSITE value with or without its {@code -N} suffix). Checked inside the Complete transaction, so a
 * mismatch (400 BadDigest) leaves the upload open. Immutable.
 */
record ExpectedObjectChecksum(ChecksumAlgorithm algorithm, String value) {

    /** The header the request carries, if any (the first one, in algorithm order). */
    static Optional<ExpectedObjectChecksum> fromRequest(RequestContext ctx) {
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String v = ctx.header(a.headerName());
            if (v != null) {
                return Optional.of(new ExpectedObjectChecksum(a, v.trim()));
            }
        }
        return Optional.empty();
    }

    /** {@code combiner}, refusing a result that is not this checksum. */
    ChecksumCombiner checking(ChecksumCombiner combiner) {
        return (Upload upload, List<UploadPart> parts) -> {
            Optional<ObjectChecksum> computed = combiner.combine(upload, parts);
            if (computed.isEmpty() || !matches(computed.get())) {
                throw new S3Exception(S3ErrorCode.BAD_DIGEST,
                        "The " + algorithm.wireName() + " you specified did not match the calculated checksum.");
            }
            return computed;
        };
    }

    boolean matches(ObjectChecksum computed) {
        if (!computed.algorithm().equals(algorithm.wireName())) {
            return false;
        }
        String v = computed.value();
        int dash = v.lastIndexOf('-');
        return v.equals(value) || computed.type().equals(ObjectChecksum.COMPOSITE) && dash > 0
                && v.substring(0, dash).equals(value);
    }
}
