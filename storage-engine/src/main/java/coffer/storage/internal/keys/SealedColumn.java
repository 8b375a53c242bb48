package coffer.storage.internal.keys;

import coffer.storage.internal.catalog.SealedAccessKey;
import java.util.List;

/**
 * Every catalog column that holds a value made under a master key version (its first four bytes name the
 * version; docs/storage-format.md). Key rotation re-wraps the first four kinds and counts all of them; a master key
 * version may be destroyed only when no column names it any more. A new column of this sort must be added here,
 * or rotation would leave it behind and destroying its version would lose it. A data key of an SSE-KMS object or
 * upload is wrapped twice, both layers under the same version (docs/storage-format.md); its key id comes from the
 * object or upload row.
 */
public enum SealedColumn {
    /** A single-blob object's wrapped data key; context: the blob id. */
    OBJECT_DATA_KEY("object", "wrapped_key", "key_version", "blob_id", List.of("bucket_id", "object_key"),
            Kind.DATA_KEY, "sse_kms_key_id"),
    /** A part of a completed multipart object. */
    OBJECT_PART_DATA_KEY("object_part", "wrapped_key", "key_version", "blob_id",
            List.of("bucket_id", "object_key", "part_number"), Kind.DATA_KEY,
            "(SELECT o.sse_kms_key_id FROM object o WHERE o.bucket_id = object_part.bucket_id"
                    + " AND o.object_key = object_part.object_key)"),
    /** A noncurrent single-blob version's wrapped data key (docs/versioning.md). */
    OBJECT_VERSION_DATA_KEY("object_version", "wrapped_key", "key_version", "blob_id",
            List.of("bucket_id", "object_key", "version_id"), Kind.DATA_KEY, "sse_kms_key_id"),
    /** A part of a noncurrent multipart version. */
    OBJECT_VERSION_PART_DATA_KEY("object_version_part", "wrapped_key", "key_version", "blob_id",
            List.of("bucket_id", "object_key", "version_id", "part_number"), Kind.DATA_KEY,
            "(SELECT v.sse_kms_key_id FROM object_version v WHERE v.bucket_id = object_version_part.bucket_id"
                    + " AND v.object_key = object_version_part.object_key"
                    + " AND v.version_id = object_version_part.version_id)"),
    /** A part of an upload in progress. */
    UPLOAD_PART_DATA_KEY("upload_part", "wrapped_key", "key_version", "blob_id", List.of("upload_id", "part_number"),
            Kind.DATA_KEY, "(SELECT u.sse_kms_key_id FROM upload u WHERE u.upload_id = upload_part.upload_id)"),
    /**
     * An access key's sealed secret; context: {@link SealedAccessKey#context(long, String)}, read as
     * {@code <account id>:<access key id>} ({@link coffer.storage.internal.keys.SealedRow#accessKeyContext()}).
     */
    ACCESS_KEY_SECRET("access_key", "secret_sealed", null, "CONCAT(account_id, ':', access_key_id)",
            List.of("access_key_id"), Kind.SECRET, null),
    /**
     * An SSE-C upload's customer key check: an HMAC of a key the server never holds, so it cannot be re-made
     * here; the upload's next part (which brings the key) renews it, else it ends with its upload.
     */
    UPLOAD_KEY_CHECK("upload", "sse_c_key_check", null, null, List.of("upload_id"), Kind.KEY_CHECK, null);

    /** What the value is, hence how (and whether) it is re-wrapped. */
    public enum Kind { DATA_KEY, SECRET, KEY_CHECK }

    private final String table;
    private final String column;
    private final String versionColumn;
    private final String contextColumn;
    private final List<String> primaryKey;
    private final Kind kind;
    private final String kmsKeyIdExpression;

    SealedColumn(String table, String column, String versionColumn, String contextColumn, List<String> primaryKey,
                 Kind kind, String kmsKeyIdExpression) {
        this.table = table;
        this.column = column;
        this.versionColumn = versionColumn;
        this.contextColumn = contextColumn;
        this.primaryKey = primaryKey;
        this.kind = kind;
        this.kmsKeyIdExpression = kmsKeyIdExpression;
    }

    /** {@code table.column}, for people. */
    public String label() {
        return table + "." + column;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether rotation re-wraps it (it can, holding the master key). */
    public boolean rewrappable() {
        return kind != Kind.KEY_CHECK;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The column that repeats the version, kept in step; null when there is none. */
    public String versionColumn() {
        return versionColumn;
    }

    /** The column (or SQL expression) giving the context of {@link coffer.storage.internal.keys.SealedRow}. */
    public String contextColumn() {
        return contextColumn;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    /**
     * SQL giving the SSE-KMS key id of the row's object or upload (V8), whose key wraps a data key once more; null
     * for columns that hold no data keys.
     */
    public String kmsKeyIdExpression() {
        return kmsKeyIdExpression;
    }
}
