package coffer.storage.internal.keys;

import coffer.storage.internal.catalog.SealedAccessKey;
import java.util.List;

/**
 * One row's sealed value as read for re-wrapping: its primary key (as JDBC returned it), the value of its context
 * column (a blob id, or for an access key secret {@code <account id>:<access key id>}), the value itself, and for a data key of an SSE-KMS object or upload the
 * KMS key id it is wrapped under once more (null otherwise). {@link #toString()} omits the value.
 */
public record SealedRow(List<Object> primaryKey, String context, byte[] value, String kmsKeyId) {
    public SealedRow {
        primaryKey = List.copyOf(primaryKey);
        value = value.clone();
    }

    /** A row without a KMS layer. */
    public SealedRow(List<Object> primaryKey, String context, byte[] value) {
        this(primaryKey, context, value, null);
    }

    /** For an {@link SealedColumn#ACCESS_KEY_SECRET} row: the context its secret is sealed with. */
    public byte[] accessKeyContext() {
        int colon = context.indexOf(':');
        return SealedAccessKey.context(Long.parseLong(context.substring(0, colon)), context.substring(colon + 1));
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public String toString() {
        return "SealedRow[primaryKey=" + primaryKey.size() + " columns, context=" + context + "]";
    }
}
