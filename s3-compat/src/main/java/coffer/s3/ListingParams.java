package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.PercentCodec;
import coffer.s3.http.QueryParams;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The parameters of the listings (ListBuckets, ListObjects, ListObjectsV2, ListObjectVersions, ListMultipartUploads)
 * and HeadBucket's
 * {@code read-stats}. Text values as sent (decoded), null when absent; sizes checked when read. Immutable.
 */
record ListingParams(String prefix, String delimiter, String marker, String startAfter,
                            String continuationToken, String keyMarker, String uploadIdMarker, String encodingType,
                            String fetchOwner, String allowUnordered, String readStats, String rawMaxKeys,
                            String rawMaxUploads, String rawMaxBuckets, String versionIdMarker)
        implements OperationParams {

    static ListingParams of(QueryParams q) {
        return new ListingParams(q.get("prefix"), q.get("delimiter"), q.get("marker"), q.get("start-after"),
                q.get("continuation-token"), q.get("key-marker"), q.get("upload-id-marker"), q.get("encoding-type"),
                q.get("fetch-owner"), q.get("allow-unordered"), q.get("read-stats"), q.get("max-keys"),
                q.get("max-uploads"), q.get("max-buckets"), q.get("version-id-marker"));
    }

    /** {@code max-keys}, at most {@code limit} (larger values are lowered to it). */
    public int maxKeys(int limit) {
        return QueryParams.intValue("max-keys", rawMaxKeys, limit, 0, limit);
    }

    /** {@code max-uploads}, at most {@code limit}. */
    public int maxUploads(int limit) {
        return QueryParams.intValue("max-uploads", rawMaxUploads, limit, 0, limit);
    }

    /** {@code max-buckets}, 1 to {@code limit}. */
    public int maxBuckets(int limit) {
        return QueryParams.intValue("max-buckets", rawMaxBuckets, limit, 1, limit);
    }

    /** {@code fetch-owner=true} (ListObjectsV2 leaves owners out otherwise). */
    public boolean fetchOwnerWanted() {
        return "true".equals(fetchOwner);
    }

    /** {@code read-stats=true} (HeadBucket: object count and bytes used, as RGW answers). */
    public boolean readStatsWanted() {
        return "true".equalsIgnoreCase(readStats);
    }

    /** {@code allow-unordered=true}, which S3 refuses together with a delimiter. */
    public boolean unorderedWanted() {
        return "true".equalsIgnoreCase(allowUnordered);
    }

    /** Whether {@code encoding-type} was sent (checked by {@link #encoder}). */
    public boolean urlEncoded() {
        return encodingType != null;
    }

    /** How keys are written into the listing: as they are, or {@code encoding-type=url}; other types refused. */
    public UnaryOperator<String> encoder() {
        if (encodingType == null) {
            return UnaryOperator.identity();
        }
        if (!encodingType.equals("url")) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request",
                    Map.of("ArgumentName", "encoding-type", "ArgumentValue", encodingType), null);
        }
        return PercentCodec::encodeForListing;
    }
}
