package coffer.storage.keys;

/** A key administration request that cannot be done as asked; {@link #problem()} says why. No key material. */
public final class KeyRotationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Problem {
        /** The version is not loaded (never existed, or already destroyed). */
        NO_SUCH_VERSION,
        /** The current version cannot be destroyed: rotate first. */
        CURRENT_VERSION,
        /** Catalog rows still use the version: {@link #rows()} of them. */
        VERSION_IN_USE
    }

    private final Problem problem;
    private final long rows;

    public KeyRotationException(Problem problem, String message, long rows) {
        super(message);
        this.problem = problem;
        this.rows = rows;
    }

    public Problem problem() {
        return problem;
    }

    /** For {@link Problem#VERSION_IN_USE}, how many values still use the version; else 0. */
    public long rows() {
        return rows;
    }
}
