package coffer.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The S3 object lock of one version (docs/object-lock.md): a retention ({@code mode} and {@code retainUntil}, both
 * null for none) and a legal hold. While a retention date is in the future, or the legal hold is on, the version
 * cannot be removed for good: GOVERNANCE retention gives way to a caller allowed to bypass it, COMPLIANCE retention
 * and the legal hold to nobody. {@code retainUntil} has millisecond precision. Immutable.
 */
public record ObjectLock(Mode mode, Instant retainUntil, boolean legalHold) {
    /** No retention, no legal hold. */
    public static final ObjectLock NONE = new ObjectLock(null, null, false);

    /** The two retention modes, named as S3 names them. */
    public enum Mode {
        /** Removable before its date by a caller that sends {@code x-amz-bypass-governance-retention: true}. */
        GOVERNANCE,
        /** Removable by nobody before its date; its date can only be extended. */
        COMPLIANCE
    }

    public ObjectLock {
        if ((mode == null) != (retainUntil == null)) {
            throw new IllegalArgumentException("a retention has both a mode and a date, or neither");
        }
        if (retainUntil != null) {
            retainUntil = retainUntil.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    public boolean hasRetention() {
        return mode != null;
    }

    /** This lock with the retention {@code newMode} until {@code until} (both null: none). */
    public ObjectLock withRetention(Mode newMode, Instant until) {
        return new ObjectLock(newMode, until, legalHold);
    }

    public ObjectLock withLegalHold(boolean on) {
        return new ObjectLock(mode, retainUntil, on);
    }

    /** Whether the retention still holds at {@code now}. */
    public boolean retainedAt(Instant now) {
        return retainUntil != null && retainUntil.isAfter(now);
    }

    /**
     * Why the version cannot be removed for good at {@code now}, or null when it can: a legal hold, or a retention
     * whose date has not come (GOVERNANCE gives way when {@code bypassGovernance}).
     */
    public String refusal(Instant now, boolean bypassGovernance) {
        if (legalHold) {
            return "it is under a legal hold";
        }
        if (retainedAt(now) && (mode == Mode.COMPLIANCE || !bypassGovernance)) {
            return "it is under " + mode + " retention until " + retainUntil;
        }
        return null;
    }

    /** Parses a stored mode (null stays null). */
    public static Mode mode(String stored) {
        return stored == null ? null : Mode.valueOf(Objects.requireNonNull(stored));
    }
}
