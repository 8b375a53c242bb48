package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.quota.QuotaExceededException;
import coffer.storage.quota.Quotas;
import coffer.storage.quota.Reservation;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The S3 side of exact quotas: reserves a request's length before its body is read (a refusal is 403
 * {@code QuotaExceeded}, answered before Jetty sends {@code 100 Continue}), runs the work that reads the body and
 * publishes with the reservation, and always ends the reservation ({@link Quotas#finish}): consumed by the
 * publish, or released. A publish refused at commit (growth beyond the reservation) is the same 403. Thread-safe.
 */
final class QuotaGate {
    /** Work that reads the body and publishes, consuming the reservation. */
    @FunctionalInterface
    interface Work<T> {
        T run(Reservation reservation) throws IOException;
    }

    private final Quotas quotas;

    QuotaGate(Quotas quotas) {
        this.quotas = quotas;
    }

    /**
     * Reserves {@code bytes} for the account or refuses with QuotaExceeded, then runs {@code work}. A small write
     * ({@link Quotas#SMALL_WRITE_BYTES} or less) reserves nothing: its publish is checked against the quota at
     * commit, exactly as a reserved one is, so it costs one transaction instead of two; only a refusal then comes
     * after its (small) body was read.
     */
    <T> T reserved(long accountId, long bytes, Work<T> work) {
        if (bytes <= Quotas.SMALL_WRITE_BYTES) {
            return run(Reservation.NONE, work);
        }
        Reservation r;
        try {
            r = quotas.reserve(accountId, bytes);
        } catch (QuotaExceededException e) {
            throw refusal(e);
        }
        return run(r, work);
    }

    /**
     * Reserves {@code bytes} if they fit, else runs {@code work} without a reservation, so that its publish is
     * checked against the quota at commit: for bodies whose size is only bounded (a POST form's file).
     */
    <T> T reservedIfFits(long accountId, long bytes, Work<T> work) {
        Reservation r;
        try {
            r = quotas.reserve(accountId, bytes);
        } catch (QuotaExceededException e) {
            r = Reservation.NONE;
        }
        return run(r, work);
    }

    /** Runs {@code work} with no reservation: a publish that grows usage is checked at commit. */
    <T> T unreserved(Work<T> work) {
        return run(Reservation.NONE, work);
    }

    private <T> T run(Reservation r, Work<T> work) {
        boolean published = false;
        try {
            T result = work.run(r);
            published = true;
            return result;
        } catch (QuotaExceededException e) {
            throw refusal(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            quotas.finish(r, published);
        }
    }

    private static S3Exception refusal(QuotaExceededException e) {
        String message = e.quotaBytes() < 0 ? S3ErrorCode.QUOTA_EXCEEDED.defaultMessage()
                : "Your request would exceed the storage quota of your account (" + e.quotaBytes() + " bytes).";
        return new S3Exception(S3ErrorCode.QUOTA_EXCEEDED, message, e);
    }
}
