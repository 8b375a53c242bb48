package coffer.storage.blob;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a run of the local-to-S3 blob migration did ({@code coffer admin blobs migrate}, docs/operations.md "Moving
 * local blobs to an S3 store").
 *
 * @param step          what was asked
 * @param target        the S3 store (endpoint, bucket, prefix; never credentials)
 * @param rows          catalog rows naming a blob that were walked (objects, parts of completed and open uploads)
 * @param copied        blobs copied by this run
 * @param copiedBytes   stored (encrypted) bytes copied by this run
 * @param alreadyCopied blobs found in the store already (an earlier run, or a blob shared by several rows)
 * @param verified      rows whose blob was read back from the store and found equal to the local copy (or, with no
 *                      local copy left, intact in the store)
 * @param problemCount  rows whose blob is missing or damaged at the source, could not be copied, or did not verify
 * @param problems      the first of them, described (blob id, bucket, key)
 * @param switched      the catalog names the S3 store as its blob store (switched by this run or an earlier one)
 * @param switchedAt    when it switched, if it did
 * @param localFilesRemoved local blob files and volumes deleted ({@link Step#REMOVE_LOCAL})
 */
public record BlobMigrationReport(Step step, String target, long rows, long copied, long copiedBytes,
                                  long alreadyCopied, long verified, long problemCount, List<String> problems,
                                  boolean switched, Instant switchedAt, long localFilesRemoved) {
    /** At most this many problems are described; {@link #problemCount} counts them all. */
    public static final int MAX_PROBLEMS_LISTED = 100;

    /** What a run does. */
    public enum Step {
        /** Copy what is not copied yet, verify every blob, and switch the catalog when nothing is wrong. */
        MIGRATE,
        /** Verify every blob the catalog names against the store; copy nothing, switch nothing. */
        VERIFY,
        /** After the switch: verify again, then delete the local blob files and volumes if nothing is wrong. */
        REMOVE_LOCAL
    }

    public BlobMigrationReport {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(target, "target");
        problems = List.copyOf(problems);
    }
}
