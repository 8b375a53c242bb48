package coffer.storage.internal.blob.volume;

/**
 * One volume's figures: its state, live blob records and their bytes, and dead bytes (deleted blobs and
 * tombstones) that compaction could reclaim. Bytes count record headers too.
 */
record VolumeStats(int volume, VolumeState state, long liveRecords, long liveBytes, long deadBytes) {
    /** Dead bytes as a share of all counted bytes, 0 for an empty volume. */
    public double deadShare() {
        long all = liveBytes + deadBytes;
        return all == 0 ? 0 : (double) deadBytes / all;
    }
}
