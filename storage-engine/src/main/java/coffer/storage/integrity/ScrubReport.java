package coffer.storage.integrity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The scrub's totals and findings, while it runs ({@code finished} empty) or when done.
 *
 * @param objectsChecked     objects whose blobs were checked (a multipart object counts once)
 * @param uploadPartsChecked parts of open uploads checked
 * @param blobsChecked       blobs checked (each part is one blob; a blob shared by copies is checked per row)
 * @param bytesChecked       plaintext bytes decrypted and verified
 * @param keylessOnly        blobs that got only the checks possible without a key (SSE-C)
 * @param damaged            damaged blobs
 * @param missing            missing blobs
 * @param findings           the damaged and missing blobs, at most {@link Scrubber#MAX_LISTED}
 */
public record ScrubReport(Instant started, Instant finished, long objectsChecked, long uploadPartsChecked,
                          long blobsChecked, long bytesChecked, long keylessOnly, long damaged, long missing,
                          List<ScrubFinding> findings) {
    public ScrubReport {
        Objects.requireNonNull(started, "started");
        findings = List.copyOf(findings);
    }

    public boolean done() {
        return finished != null;
    }

    /** Whether every blob passed. */
    public boolean clean() {
        return damaged == 0 && missing == 0;
    }

    /** Time taken so far, or in all once finished. */
    public Duration elapsed(Instant now) {
        return Duration.between(started, finished != null ? finished : now);
    }
}
