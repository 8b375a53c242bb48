package coffer.storage.internal.blob.volume;

/** What a volume accepts. Every state serves reads of the records it holds. */
enum VolumeState {
    /** Records are being appended to it. */
    ACTIVE,
    /** Full, or found at start (a restart never appends to an old volume): read-only. */
    SEALED,
    /** Read-only for good after an I/O error while appending or forcing; never forced again. */
    FAILED
}
