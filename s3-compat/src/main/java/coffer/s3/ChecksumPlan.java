package coffer.s3;

import coffer.s3.auth.BodyChecksums;
import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.auth.ChecksumTap;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * Which checksum a write stores and where its value comes from, decided before the body is read:
 * <ul>
 *   <li>the checksum the client sent (header or trailer), verified while the body streams;</li>
 *   <li>else the algorithm {@code x-amz-sdk-checksum-algorithm} names, computed here while the body streams;</li>
 *   <li>else CRC64NVME, computed here, as AWS stores for every object since 2025.</li>
 * </ul>
 * A part of an upload whose client chose an algorithm must carry that algorithm's checksum. Not thread-safe: one
 * per request.
 */
final class ChecksumPlan {
    private final ChecksumAlgorithm algorithm;
    private final BodyChecksums verified;
    private ChecksumTap tap;

    private ChecksumPlan(ChecksumAlgorithm algorithm, BodyChecksums verified, boolean compute) {
        this.algorithm = algorithm;
        this.verified = compute ? null : verified;
    }

    /** PutObject: what the client sent, else what it named, else CRC64NVME. */
    static ChecksumPlan forObject(BodyChecksums checksums, String sdkAlgorithm) {
        Set<ChecksumAlgorithm> requested = checksums.requested();
        if (!requested.isEmpty()) {
            return new ChecksumPlan(requested.iterator().next(), checksums, false);
        }
        ChecksumAlgorithm named = ChecksumAlgorithm.fromWireName(sdkAlgorithm).orElse(ChecksumAlgorithm.CRC64NVME);
        return new ChecksumPlan(named, checksums, true);
    }

    /**
     * UploadPart of an upload with {@code uploadAlgorithm} ({@code chosen}: the client named it at Create).
     * A chosen algorithm must be sent (or named, then computed); otherwise the part's CRC64NVME is the client's
     * if it sent one, else computed.
     */
    static ChecksumPlan forPart(BodyChecksums checksums, String sdkAlgorithm, ChecksumAlgorithm uploadAlgorithm,
                                boolean chosen) {
        Set<ChecksumAlgorithm> requested = checksums.requested();
        if (requested.contains(uploadAlgorithm)) {
            return new ChecksumPlan(uploadAlgorithm, checksums, false);
        }
        if (!chosen) {
            return new ChecksumPlan(uploadAlgorithm, checksums, true);
        }
        if (!requested.isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Checksum Type mismatch occurred, expected checksum"
                    + " Type: " + uploadAlgorithm.wireName().toLowerCase(java.util.Locale.ROOT)
                    + ", actual checksum Type: "
                    + requested.iterator().next().wireName().toLowerCase(java.util.Locale.ROOT));
        }
        if (ChecksumAlgorithm.fromWireName(sdkAlgorithm).filter(uploadAlgorithm::equals).isPresent()) {
            return new ChecksumPlan(uploadAlgorithm, checksums, true);
        }
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The upload was created using a "
                + uploadAlgorithm.wireName().toLowerCase(java.util.Locale.ROOT) + " checksum. The part must carry"
                + " the " + uploadAlgorithm.headerName() + " checksum.");
    }

    ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    /** True when the server computes the value (the client sent none). */
    boolean computed() {
        return verified == null;
    }

    /** The body to store: the request body, tapped when the value is computed here. */
    InputStream body(InputStream in) {
        if (verified != null) {
            return in;
        }
        tap = new ChecksumTap(in, algorithm);
        return tap;
    }

    /** The base64 value, once the body has been read to its end. */
    String value() {
        if (verified != null) {
            Optional<String> v = verified.value(algorithm);
            return v.orElseThrow(() -> new IllegalStateException("checksum read before the body was verified"));
        }
        if (tap == null) {
            throw new IllegalStateException("body(...) was not called");
        }
        return tap.value();
    }
}
