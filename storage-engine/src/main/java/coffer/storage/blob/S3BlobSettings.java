package coffer.storage.blob;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the S3 blob backend keeps blobs (docs/storage-format.md section 4, docs/deploy.md): an S3-compatible
 * endpoint reached path-style, a bucket that must exist, an optional key prefix, the region to sign for and the
 * credentials. {@link #toString} never shows the credentials.
 *
 * @param endpoint        e.g. {@code http://10.0.0.5:7480}
 * @param bucket          the bucket holding every blob object
 * @param prefix          prepended to every object key (may be empty); e.g. {@code coffer/}
 * @param region          the signing region ({@code us-east-1} for most non-AWS stores)
 * @param accessKey       the backend's access key id
 * @param secretKey       the backend's secret key
 * @param packMaxObjectBytes whole objects of known length up to this go into pack objects (group commit)
 * @param packMaxBytes    a pack object holds at most about this many bytes (one batch)
 * @param partBytes       part size of multipart uploads of large blobs (at least 5 MiB)
 * @param uploadBuffers   part buffers shared by all large writes (memory bound: uploadBuffers x partBytes)
 * @param partsInFlight   parts one large write uploads in parallel
 * @param maxAttempts     attempts per backend request (first try plus retries with backoff)
 * @param compactDeadShare a pack whose dead share reaches this is rewritten by compaction
 * @param compactInterval  how often compaction runs (zero: never in the background)
 */
public record S3BlobSettings(URI endpoint, String bucket, String prefix, String region, String accessKey,
                             String secretKey, int packMaxObjectBytes, int packMaxBytes, int partBytes,
                             int uploadBuffers, int partsInFlight, int maxAttempts, double compactDeadShare,
                             Duration compactInterval) {
    public static final int DEFAULT_PACK_MAX_OBJECT_BYTES = 128 * 1024;
    public static final int DEFAULT_PACK_MAX_BYTES = 8 * 1024 * 1024;
    public static final int MIN_PART_BYTES = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_UPLOAD_BUFFERS = 16;
    public static final int DEFAULT_PARTS_IN_FLIGHT = 4;
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final double DEFAULT_COMPACT_DEAD_SHARE = 0.5;
    public static final Duration DEFAULT_COMPACT_INTERVAL = Duration.ofMinutes(1);

    public S3BlobSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(compactInterval, "compactInterval");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("the blob store bucket must be named");
        }
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("part size must be at least " + MIN_PART_BYTES + " bytes");
        }
        if (packMaxObjectBytes < 0 || packMaxBytes <= 0 || uploadBuffers < 1 || partsInFlight < 1
                || maxAttempts < 1) {
            throw new IllegalArgumentException("bad S3 blob store limits");
        }
    }

    /** The defaults for everything but where the store is and the credentials. */
    public static S3BlobSettings of(URI endpoint, String bucket, String prefix, String region, String accessKey,
                                    String secretKey) {
        return new S3BlobSettings(endpoint, bucket, prefix, region, accessKey, secretKey,
                DEFAULT_PACK_MAX_OBJECT_BYTES, DEFAULT_PACK_MAX_BYTES, DEFAULT_PART_BYTES, DEFAULT_UPLOAD_BUFFERS,
                DEFAULT_PARTS_IN_FLIGHT, DEFAULT_MAX_ATTEMPTS, DEFAULT_COMPACT_DEAD_SHARE,
                DEFAULT_COMPACT_INTERVAL);
    }

    /** The same store with another compaction interval (tests run compaction by hand with zero). */
    public S3BlobSettings withCompactInterval(Duration interval) {
        return new S3BlobSettings(endpoint, bucket, prefix, region, accessKey, secretKey, packMaxObjectBytes,
                packMaxBytes, partBytes, uploadBuffers, partsInFlight, maxAttempts, compactDeadShare, interval);
    }

    @Override
    public String toString() {
        return "S3BlobSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix + ", region="
                + region + ", credentials redacted]";
    }
}
