package coffer.gateway.cli;

/** A failure the admin CLI reports in one line and exits with {@link #exitCode()}. */
final class AdminCliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The server refused or failed the request. */
    static final int SERVER = 1;
    /** Bad command-line input (also picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** The server could not be reached, or a local file could not be read or written. */
    static final int IO = 4;
    /** A scrub or reconciliation found damaged or missing data. */
    static final int DAMAGE = 5;

    private final int exitCode;

    AdminCliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
