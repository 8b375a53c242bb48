package coffer.storage;

/**
 * What a delete did in a versioned bucket (docs/versioning.md): the version id it made (a delete marker) or removed,
 * as S3 shows it, and whether that version is a delete marker. {@link #UNVERSIONED} for a bucket that was never
 * versioned, where S3 answers neither header.
 */
public record DeleteOutcome(String versionId, boolean deleteMarker) {
    public static final DeleteOutcome UNVERSIONED = new DeleteOutcome(null, false);
}
