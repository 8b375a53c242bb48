package coffer.storage.internal.blob.volume;

/**
 * What scanning volume {@code volume} found: valid records, a torn tail cut off ({@code result.tornBytes()}, only
 * at start-up recovery), and damage reported but left in place.
 */
record VolumeScanReport(int volume, VolumeScanner.Result result) {
    /** True when the volume holds no damage and (after recovery) no torn tail. */
    public boolean clean() {
        return result.damage().isEmpty() && result.tornBytes() == 0;
    }
}
