package coffer.storage.integrity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The running counts of one scrub, written by the scrubbing thread and read (as a {@link ScrubReport}) by status
 * requests. Thread-safe: every method is synchronized, and each call is short.
 */
final class ScrubTally {
    private final Instant started;
    private long objects;
    private long uploadParts;
    private long blobs;
    private long bytes;
    private long keylessOnly;
    private long damaged;
    private long missing;
    private final List<ScrubFinding> findings = new ArrayList<>();

    public ScrubTally(Instant started) {
        this.started = started;
    }

    synchronized void object() {
        objects++;
    }

    synchronized void uploadPart() {
        uploadParts++;
    }

    synchronized void blob() {
        blobs++;
    }

    synchronized void bytes(long n) {
        bytes += n;
    }

    synchronized void keylessOnly() {
        keylessOnly++;
    }

    synchronized void found(ScrubFinding f) {
        if (f.problem() == ScrubFinding.Problem.MISSING) {
            missing++;
        } else {
            damaged++;
        }
        if (findings.size() < Scrubber.MAX_LISTED) {
            findings.add(f);
        }
    }

    /** The counts so far; {@code finished} null while the scrub runs. */
    public synchronized ScrubReport report(Instant finished) {
        return new ScrubReport(started, finished, objects, uploadParts, blobs, bytes, keylessOnly, damaged, missing,
                findings);
    }
}
