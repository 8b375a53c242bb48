package coffer.it.crash;

/**
 * One state of a key as the harness models it: absent, or present as version {@code version} (content from
 * {@link VersionContent}) of {@code size} bytes, written by one PUT ({@code partSize} 0) or by a multipart upload
 * whose parts are {@code partSize} bytes each except the last, which holds the rest (1 to {@code partSize} bytes).
 * The part layout is part of the state because it decides the ETag.
 */
record ObjectState(long version, long size, long partSize) {
    static final ObjectState ABSENT = new ObjectState(0, 0, 0);

    ObjectState {
        if (version < 0 || size < 0 || partSize < 0 || version == 0 && (size != 0 || partSize != 0)
                || partSize > 0 && size == 0) {
            throw new IllegalArgumentException("bad state " + version + "/" + size + "/" + partSize);
        }
    }

    /** A state written by one PUT. */
    static ObjectState single(long version, long size) {
        return new ObjectState(version, size, 0);
    }

    boolean present() {
        return version > 0;
    }

    boolean multipart() {
        return partSize > 0;
    }

    /** The number of parts of a multipart state. */
    int partCount() {
        return (int) ((size + partSize - 1) / partSize);
    }

    long partOffset(int index) {
        return index * partSize;
    }

    long partLength(int index) {
        return Math.min(partSize, size - partOffset(index));
    }

    @Override
    public String toString() {
        if (!present()) {
            return "absent";
        }
        return "v" + version + " (" + size + " B" + (multipart() ? " in " + partCount() + " parts" : "") + ")";
    }
}
