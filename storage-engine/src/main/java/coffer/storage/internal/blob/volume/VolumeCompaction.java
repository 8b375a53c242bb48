package coffer.storage.internal.blob.volume;

/**
 * What one compaction did: volume {@code from} ({@code bytesBefore}) became volume {@code to} ({@code bytesAfter};
 * {@code to} is 0 when nothing had to be kept), with {@code blobsMoved} blob records and {@code tombstonesKept}
 * tombstones copied.
 */
record VolumeCompaction(int from, int to, long bytesBefore, long bytesAfter, long blobsMoved,
                               long tombstonesKept) {
}
