package coffer.storage.internal.catalog;


/**
 * Quota bytes held for one request while its body is read: {@code bytes} of account {@code accountId}, recorded as
 * row {@code id} of the {@code reservation} table. The transaction that publishes the request's data consumes it
 * (deletes the row, moves the actual size into used bytes); otherwise {@code Quotas#finish} releases it, or the
 * reaper does once its lease has expired. {@link #NONE} (id 0, no bytes) stands for "nothing reserved": such a
 * publish is checked against the quota at commit instead.
 */
public record Reservation(long id, long accountId, long bytes) {
    /** No reservation: a publish that adds bytes must then fit the quota at commit. */
    public static final Reservation NONE = new Reservation(0, 0, 0);

    public Reservation {
        if (id < 0 || bytes < 0 || (id == 0) != (bytes == 0)) {
            throw new IllegalArgumentException("a reservation has a positive id and bytes, or neither");
        }
    }

    public boolean isNone() {
        return id == 0;
    }
}
