package coffer.gateway.admin;

/**
 * An admin API error with its HTTP status, a stable code, a message for people and, for bad input, the field at
 * fault. Messages never carry tokens or secrets.
 */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;

    public AdminException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static AdminException badField(String field, String message) {
        return new AdminException(400, "InvalidArgument", message, field);
    }

    public static AdminException notFound(String code, String message) {
        return new AdminException(404, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
