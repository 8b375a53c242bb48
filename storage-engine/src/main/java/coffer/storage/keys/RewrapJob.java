package coffer.storage.keys;

import java.time.Instant;

/**
 * The re-wrap job as last seen: whether it runs, when the current (or last) run started and finished, and its
 * counts: values moved to the current version, values left because they changed meanwhile (their new value is
 * already current, or the row is gone), values that did not open (left as they were, logged). {@code error} is
 * why the last run stopped early, or null. Times are null before the first run.
 */
public record RewrapJob(boolean running, Instant started, Instant finished, long rewrapped, long skipped,
                        long failed, String error) {
    static final RewrapJob NEVER = new RewrapJob(false, null, null, 0, 0, 0, null);
}
