package coffer.storage.internal.blob.volume;

/**
 * Where a blob record lives: volume number, offset of its record header in that volume, and payload length (the
 * blob's encrypted bytes, which start {@link VolumeRecord#HEADER_LENGTH} bytes after {@code offset}).
 */
record VolumeLocation(int volume, long offset, int payloadLength) {
    /** Header plus payload. */
    public long recordLength() {
        return VolumeRecord.HEADER_LENGTH + (long) payloadLength;
    }

    /** Where the blob's bytes (its blob header) start. */
    public long payloadOffset() {
        return offset + VolumeRecord.HEADER_LENGTH;
    }
}
