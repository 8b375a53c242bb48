package coffer.storage.internal.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * The catalog side of the cluster keyring (V20, docs/storage-format.md "Cluster keyring"): the key-encryption key's
 * check value ({@code cluster_keyring}, one row) and the wrapped master key versions ({@code master_key}). It
 * stores and returns wrapped bytes only; wrapping is the caller's. Thread-safe; holds no connection.
 */
public final class KeyringCatalog {
    private final Transactions tx;

    public KeyringCatalog(DataSource db) {
        this.tx = new Transactions(Objects.requireNonNull(db, "db"));
    }

    /** The key-encryption key's check value, or empty while the catalog has no cluster keyring. */
    public Optional<byte[]> kekCheck() {
        return tx.read("readClusterKeyring", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT kek_check FROM cluster_keyring WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        });
    }

    /**
     * Whether the catalog already holds values made under some master key (an access key or an object): a new
     * keyring could not open them.
     */
    public boolean holdsSealedValues() {
        return tx.read("catalogHoldsSealedValues", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS(SELECT 1 FROM access_key)"
                    + " OR EXISTS(SELECT 1 FROM object)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /**
     * Creates the keyring: its check value and its first versions (version to wrapped key), in one transaction.
     * False, and nothing written, when another gateway created it first.
     */
    public boolean create(byte[] kekCheck, Map<Integer, byte[]> wrappedKeys) {
        return tx.write("createClusterKeyring", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT IGNORE INTO cluster_keyring (id, kek_check) VALUES (1, ?)")) {
                ps.setBytes(1, kekCheck);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO master_key (version, wrapped_key) VALUES (?, ?)")) {
                for (Map.Entry<Integer, byte[]> e : wrappedKeys.entrySet()) {
                    ps.setInt(1, e.getKey());
                    ps.setBytes(2, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }

    /** Every version with its wrapped key. */
    public TreeMap<Integer, byte[]> wrappedKeys() {
        return tx.read("readMasterKeys", c -> {
            TreeMap<Integer, byte[]> keys = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT version, wrapped_key FROM master_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getInt(1), rs.getBytes(2));
                }
            }
            return keys;
        });
    }

    /** The versions there are (one small query: what the gateways poll). */
    public SortedSet<Integer> versions() {
        return tx.read("readMasterKeyVersions", c -> {
            SortedSet<Integer> versions = new TreeSet<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version FROM master_key")) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            }
            return versions;
        });
    }

    /**
     * Adds the next version, one above the highest, with the wrapped key {@code wrap} makes for its number; the
     * highest row is locked meanwhile, so two gateways rotating at once get two versions. Returns the new version.
     */
    public int add(IntFunction<byte[]> wrap) {
        return tx.write("addMasterKey", c -> {
            int next;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM master_key"
                    + " FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO master_key (version, wrapped_key) VALUES (?, ?)")) {
                ps.setInt(1, next);
                ps.setBytes(2, wrap.apply(next));
                ps.executeUpdate();
            }
            return next;
        });
    }

    /** Whether a version above {@code version} was created less than {@code seconds} ago, by the catalog's clock. */
    public boolean supersededWithin(int version, long seconds) {
        return tx.read("masterKeySuperseded", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS(SELECT 1 FROM master_key WHERE version > ?"
                    + " AND created_at > NOW(6) - INTERVAL ? SECOND)")) {
                ps.setInt(1, version);
                ps.setLong(2, seconds);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    /** Deletes {@code version}'s row; false if there was none. */
    public boolean delete(int version) {
        return tx.write("deleteMasterKey", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM master_key WHERE version = ?")) {
                ps.setInt(1, version);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
