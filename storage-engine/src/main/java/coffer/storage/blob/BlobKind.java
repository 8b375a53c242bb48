package coffer.storage.blob;

/** Which catalog table a row naming a blob comes from, as integrity checks report it. */
public enum BlobKind {
    /** {@code object} with {@code part_count = 0}. */
    OBJECT,
    /** {@code object_part}: the manifest of a completed multipart object. */
    OBJECT_PART,
    /** {@code upload_part}: a part of an upload not completed or aborted yet. */
    UPLOAD_PART,
    /** {@code object_version} with {@code part_count = 0}: a noncurrent single-blob version (docs/versioning.md). */
    OBJECT_VERSION,
    /** {@code object_version_part}: a part of a noncurrent multipart version. */
    OBJECT_VERSION_PART
}
