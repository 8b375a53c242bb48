package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobMigrationReport;
import coffer.storage.blob.BlobMigrationReport.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The run's counters (one thread updates them: the one that runs the walk). */
final class MigrationTally {
    private long rows;
    private long copied;
    private long copiedBytes;
    private long alreadyCopied;
    private long verified;
    private long verifiedBytes;
    private long sourceProblems;
    private long otherProblems;
    private final List<String> problems = new ArrayList<>();

    void copied(long bytes) {
        copied++;
        copiedBytes += bytes;
    }

    void alreadyCopied() {
        alreadyCopied++;
    }

    void verified(long bytes) {
        rows++;
        verified++;
        verifiedBytes += bytes;
    }

    void sourceProblem(String description) {
        rows++;
        sourceProblems++;
        note(description);
    }

    void otherProblem(String description) {
        rows++;
        otherProblems++;
        note(description);
    }

    private void note(String description) {
        if (problems.size() < BlobMigrationReport.MAX_PROBLEMS_LISTED) {
            problems.add(description);
        }
    }

    long verified() {
        return verified;
    }

    long verifiedBytes() {
        return verifiedBytes;
    }

    long sourceProblems() {
        return sourceProblems;
    }

    long otherProblems() {
        return otherProblems;
    }

    String line() {
        return "rows " + rows + ": copied " + copied + " blobs (" + copiedBytes + " bytes), already in the store "
                + alreadyCopied + ", verified " + verified + ", problems " + (sourceProblems + otherProblems);
    }

    BlobMigrationReport report(Step step, String target, boolean switched, Instant switchedAt) {
        return new BlobMigrationReport(step, target, rows, copied, copiedBytes, alreadyCopied, verified,
                sourceProblems + otherProblems, problems, switched, switchedAt, 0);
    }
}
