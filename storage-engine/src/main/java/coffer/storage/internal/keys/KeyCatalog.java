package coffer.storage.internal.keys;

import coffer.storage.internal.catalog.Transactions;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The catalog side of master key rotation: counts the values of every {@link SealedColumn} by master key version,
 * pages through the rows not yet on a version, and replaces one row's value only if it still holds what was read
 * (so a concurrent overwrite or delete wins and is never clobbered). The version is read from the value's first
 * four bytes, the truth for opening it. Thread-safe and stateless apart from the data source.
 */
public final class KeyCatalog {
    private static final int VERSION_BYTES = 4;

    private final Transactions tx;

    public KeyCatalog(DataSource db) {
        this.tx = new Transactions(Objects.requireNonNull(db, "db"));
    }

    /** Per column, the number of values under each master key version. A full scan of every table. */
    public Map<SealedColumn, Map<Integer, Long>> countByVersion() {
        return tx.read("countKeyVersions", c -> {
            Map<SealedColumn, Map<Integer, Long>> counts = new EnumMap<>(SealedColumn.class);
            for (SealedColumn col : SealedColumn.values()) {
                Map<Integer, Long> byVersion = new TreeMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT LEFT(" + col.column() + ", 4), COUNT(*)"
                        + " FROM " + col.table() + " WHERE " + col.column() + " IS NOT NULL GROUP BY 1");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byVersion.merge(version(rs.getBytes(1)), rs.getLong(2), Long::sum);
                    }
                }
                counts.put(col, byVersion);
            }
            return counts;
        });
    }

    /** How many values, in all columns, are under {@code version}. */
    public long countOnVersion(int version) {
        return tx.read("countKeyVersion", c -> {
            long total = 0;
            for (SealedColumn col : SealedColumn.values()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + col.table()
                        + " WHERE LEFT(" + col.column() + ", 4) = ?")) {
                    ps.setBytes(1, versionBytes(version));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total += rs.getLong(1);
                    }
                }
            }
            return total;
        });
    }

    /**
     * Up to {@code limit} rows of {@code col} whose value is not under {@code version}, in primary key order,
     * after the row whose primary key is {@code after} (null: from the start).
     */
    public List<SealedRow> notOnVersion(SealedColumn col, int version, List<Object> after, int limit) {
        if (col.contextColumn() == null) {
            throw new IllegalArgumentException(col.label() + " cannot be re-wrapped");
        }
        List<String> pk = col.primaryKey();
        String kms = col.kmsKeyIdExpression() == null ? "NULL" : col.kmsKeyIdExpression();
        String sql = "SELECT " + String.join(", ", pk) + ", " + col.contextColumn() + ", " + col.column()
                + ", " + kms + " FROM " + col.table() + " WHERE " + col.column() + " IS NOT NULL AND LEFT(" + col.column()
                + ", 4) <> ?" + (after == null ? "" : " AND " + Keyset.after(pk))
                + " ORDER BY " + String.join(", ", pk) + " LIMIT ?";
        return tx.read("keyRewrapPage", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setBytes(i++, versionBytes(version));
                if (after != null) {
                    i = Keyset.bind(ps, i, after);
                }
                ps.setInt(i, limit);
                List<SealedRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> key = new ArrayList<>();
                        for (int k = 1; k <= pk.size(); k++) {
                            key.add(rs.getObject(k));
                        }
                        rows.add(new SealedRow(key, rs.getString(pk.size() + 1), rs.getBytes(pk.size() + 2),
                                rs.getString(pk.size() + 3)));
                    }
                }
                return rows;
            }
        });
    }

    /** A row's new value, made from {@link SealedRow#value()}. */
    public record Replacement(SealedRow row, byte[] value) {
        public Replacement {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public String toString() {
            return "Replacement[" + row + "]";
        }
    }

    /**
     * Replaces each row's value (and its version column) in one transaction, each only where the row still holds
     * the value that was read; returns how many rows were replaced. A row changed or removed meanwhile is left as
     * it is: its new value was made under the current version anyway, or it is gone.
     */
    public int replace(SealedColumn col, List<Replacement> replacements) {
        if (replacements.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("UPDATE " + col.table() + " SET " + col.column() + " = ?");
        if (col.versionColumn() != null) {
            sql.append(", ").append(col.versionColumn()).append(" = ?");
        }
        sql.append(" WHERE ");
        for (String k : col.primaryKey()) {
            sql.append(k).append(" = ? AND ");
        }
        sql.append(col.column()).append(" = ?");
        return tx.write("keyRewrap", c -> {
            int replaced = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (Replacement r : replacements) {
                    byte[] value = r.value();
                    int i = 1;
                    ps.setBytes(i++, value);
                    if (col.versionColumn() != null) {
                        ps.setInt(i++, version(value));
                    }
                    for (Object k : r.row().primaryKey()) {
                        ps.setObject(i++, k);
                    }
                    ps.setBytes(i, r.row().value());
                    replaced += ps.executeUpdate();
                }
            }
            return replaced;
        });
    }

    private static int version(byte[] value) {
        if (value == null || value.length < VERSION_BYTES) {
            return -1;
        }
        return ByteBuffer.wrap(value, 0, VERSION_BYTES).getInt();
    }

    private static byte[] versionBytes(int version) {
        return ByteBuffer.allocate(VERSION_BYTES).putInt(version).array();
    }

    /** Keyset pagination over a composite primary key, spelled out so that the index serves it. */
    static final class Keyset {
        private Keyset() {
        }

        /** {@code (a > ? OR (a = ? AND (b > ? OR (b = ? AND c > ?))))} for columns a, b, c. */
        static String after(List<String> columns) {
            String head = columns.get(0);
            if (columns.size() == 1) {
                return head + " > ?";
            }
            return "(" + head + " > ? OR (" + head + " = ? AND " + after(columns.subList(1, columns.size())) + "))";
        }

        /** Binds the values in the order {@link #after} placed them; returns the next index. */
        static int bind(PreparedStatement ps, int first, List<Object> values) throws SQLException {
            int i = first;
            for (int k = 0; k < values.size(); k++) {
                ps.setObject(i++, values.get(k));
                if (k < values.size() - 1) {
                    ps.setObject(i++, values.get(k));
                }
            }
            return i;
        }
    }
}
