package coffer.storage.internal.blob.s3;

import java.time.Instant;

/** One pack object as the index counts it: its size, the bytes and blobs still live in it, when it was stored. */
record PackRow(String packId, long totalBytes, long liveBytes, int liveBlobs, Instant createdAt) {
    /** The share of the pack that is garbage. */
    double deadShare() {
        return totalBytes == 0 ? 1.0 : 1.0 - (double) liveBytes / totalBytes;
    }
}
