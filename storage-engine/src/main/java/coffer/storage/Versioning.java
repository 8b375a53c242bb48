package coffer.storage;

/**
 * A bucket's versioning state (docs/versioning.md). A bucket starts {@link #UNVERSIONED} and, once versioning was
 * enabled, only moves between {@link #ENABLED} and {@link #SUSPENDED}. Stored as {@link #code()} in
 * {@code bucket.versioning}.
 */
public enum Versioning {
    /** Never versioned: every object is the {@code null} version and a write replaces it. */
    UNVERSIONED(0),
    /** Every write keeps the version it supersedes and gets a new version id. */
    ENABLED(1),
    /** Writes make the {@code null} version (replacing the previous {@code null} version); others are kept. */
    SUSPENDED(2);

    private final int code;

    Versioning(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether versions are kept at all: true once versioning was ever enabled. */
    public boolean versioned() {
        return this != UNVERSIONED;
    }

    public static Versioning ofCode(int code) {
        for (Versioning v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown versioning state " + code);
    }
}
