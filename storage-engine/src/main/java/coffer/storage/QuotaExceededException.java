package coffer.storage;


/**
 * A reservation or a publish that would take an account's usage past its quota. Carries the figures for the
 * error message (plaintext bytes; none of them is secret).
 */
public final class QuotaExceededException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final long quotaBytes;
    private final long requestedBytes;

    public QuotaExceededException(long quotaBytes, long requestedBytes) {
        super(Reason.QUOTA_EXCEEDED, "the account's quota of " + quotaBytes + " bytes has no room for "
                + requestedBytes + " more bytes");
        this.quotaBytes = quotaBytes;
        this.requestedBytes = requestedBytes;
    }

    /** The quota in force when the request was refused (-1 if the account could not be read). */
    public long quotaBytes() {
        return quotaBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }
}
