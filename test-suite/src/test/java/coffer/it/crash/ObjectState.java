package coffer.it.crash;

/**
 * One state of a key as the harness models it: absent, or present as version {@code version} (content from
 * {@link VersionContent}) of {@code size} bytes.
 */
record ObjectState(long version, long size) {
    static final ObjectState ABSENT = new ObjectState(0, 0);

    ObjectState {
        if (version < 0 || size < 0 || version == 0 && size != 0) {
            throw new IllegalArgumentException("bad state " + version + "/" + size);
        }
    }

    boolean present() {
        return version > 0;
    }

    @Override
    public String toString() {
        return present() ? "v" + version + " (" + size + " B)" : "absent";
    }
}
