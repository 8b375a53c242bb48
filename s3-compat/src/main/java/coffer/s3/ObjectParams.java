package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of the operations on one object: {@code versionId}, GetObject's {@code partNumber} and its
 * {@code response-*} header overrides. Checked when read. Immutable.
 *
 * @param responseOverrides each {@code response-*} parameter sent, by name, with its value as sent
 */
record ObjectParams(String versionId, String rawPartNumber, Map<String, String> responseOverrides)
        implements OperationParams {
    /** The {@code response-*} parameters of GetObject and HeadObject. */
    private static final String[] OVERRIDES = {"response-content-type", "response-content-disposition",
        "response-content-encoding", "response-content-language", "response-cache-control", "response-expires"};

    static ObjectParams of(QueryParams q) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String name : OVERRIDES) {
            if (q.get(name) != null) {
                overrides.put(name, q.get(name));
            }
        }
        return new ObjectParams(q.get("versionId"), q.get("partNumber"), Collections.unmodifiableMap(overrides));
    }

    /**
     * The {@code versionId} asked for (null when none): {@code null} or an id of the form this server makes
     * (docs/versioning.md); anything else is 400 InvalidArgument, as AWS answers.
     */
    public String version() {
        if (versionId != null && !ObjectVersion.isWellFormedId(versionId)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid version id specified",
                    Map.of("ArgumentName", "versionId", "ArgumentValue", versionId), null);
        }
        return versionId;
    }

    /** NoSuchVersion naming {@code key} and the version asked for. */
    public S3Exception noSuchVersion(String key) {
        return new S3Exception(S3ErrorCode.NO_SUCH_VERSION, "The specified version does not exist.",
                Map.of("Key", key, "VersionId", versionId), null);
    }

    /** Whether GetObject/HeadObject asks for one part ({@code partNumber}). */
    public boolean wantsPart() {
        return rawPartNumber != null;
    }

    /** {@code partNumber}, 1 to 10,000; InvalidArgument otherwise. */
    public int partNumber() {
        return partNumber(rawPartNumber);
    }

    static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n >= 1 && n <= MultipartUploads.MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the S3 error
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                "Part number must be an integer between 1 and 10000, inclusive",
                Map.of("ArgumentName", "partNumber", "ArgumentValue", String.valueOf(value)), null);
    }
}
