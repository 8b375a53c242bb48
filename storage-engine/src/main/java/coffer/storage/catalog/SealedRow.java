package coffer.storage.catalog;

import java.util.List;

/**
 * One row's sealed value as read for re-wrapping: its primary key (as JDBC returned it), the value of its context
 * column (a blob id or an access key id) and the value itself. {@link #toString()} omits the value.
 */
public record SealedRow(List<Object> primaryKey, String context, byte[] value) {
    public SealedRow {
        primaryKey = List.copyOf(primaryKey);
        value = value.clone();
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
