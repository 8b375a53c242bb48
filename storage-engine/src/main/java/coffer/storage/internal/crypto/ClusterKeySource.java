package coffer.storage.internal.crypto;

import coffer.storage.KeyDirectoryException;
import coffer.storage.internal.catalog.KeyringCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster keyring: master key versions in the catalog ({@link KeyringCatalog}), each wrapped under the
 * key-encryption key of the cluster key file ({@link ClusterKeyFile}), shared by every gateway on the catalog.
 * Opening it ({@link #open}) creates it on a new catalog, imports a single-node key directory, or checks that the
 * file is the one the catalog's keyring was made with (docs/security.md, "One keyring for a cluster").
 */
final class ClusterKeySource implements MasterKeySource {
    /**
     * How often every gateway looks for versions other gateways added or destroyed ({@code KeyringRefresher}); so a
     * rotation through one gateway is written under by all of them within this time (plus one catalog query).
     */
    static final long REFRESH_SECONDS = 5;
    /**
     * A version superseded less than this long ago may still be written under by a gateway that has not looked yet,
     * so it is not destroyed before: twice the refresh interval, plus margin.
     */
    static final long DESTROY_AFTER_SECONDS = 3 * REFRESH_SECONDS;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterKeySource.class);

    private final ClusterKeyFile kek;
    private final KeyringCatalog catalog;
    private final SecureRandom random;

    private ClusterKeySource(ClusterKeyFile kek, KeyringCatalog catalog, SecureRandom random) {
        this.kek = kek;
        this.catalog = catalog;
        this.random = random;
    }

    /**
     * Opens the catalog's keyring with the key file at {@code file}. On a catalog without one: creates the file when
     * it is missing, then the keyring, with the versions of {@code keyDir} when that single-node key directory exists
     * (imported once; docs/security.md), else with a new version 1. {@link KeyDirectoryException} (refuse to start)
     * when the file is missing or not the keyring's, or a new keyring would leave the catalog's sealed values behind.
     */
    static ClusterKeySource open(Path file, Path keyDir, KeyringCatalog catalog, SecureRandom random)
            throws IOException {
        Optional<byte[]> check = catalog.kekCheck();
        if (check.isPresent()) {
            if (!ClusterKeyFile.exists(file)) {
                throw new KeyDirectoryException(ClusterKeyFile.WHAT + " " + file + " does not exist, but this"
                        + " catalog already has a cluster keyring: copy the cluster key file from a gateway of this"
                        + " cluster to " + file + " (mode 0600) and start again; refusing to start");
            }
            ClusterKeyFile kek = ClusterKeyFile.read(file);
            if (!MessageDigest.isEqual(check.get(), kek.check())) {
                throw new KeyDirectoryException(ClusterKeyFile.WHAT + " " + file + " does not match this catalog's"
                        + " cluster keyring (it is not the file the keyring was created with): copy the cluster key"
                        + " file from a gateway of this cluster; refusing to start");
            }
            if (Files.isDirectory(keyDir)) {
                LOG.warn("master key directory {} is not used with --cluster-key-file; the catalog's cluster keyring"
                        + " is", keyDir);
            }
            return new ClusterKeySource(kek, catalog, random);
        }
        boolean importing = Files.isDirectory(keyDir);
        if (!importing && catalog.holdsSealedValues()) {
            throw new KeyDirectoryException("this catalog has no cluster keyring yet but already holds access keys or"
                    + " objects, and there is no master key directory " + keyDir + " to import: start this gateway"
                    + " once with the data directory whose keys/ made them; refusing to start");
        }
        boolean created = !ClusterKeyFile.exists(file);
        ClusterKeyFile kek = created ? ClusterKeyFile.create(file, random) : ClusterKeyFile.read(file);
        TreeMap<Integer, byte[]> keys = importing ? new KeyDirectorySource(keyDir, random).load() : fresh(random);
        try {
            Map<Integer, byte[]> wrapped = new TreeMap<>();
            keys.forEach((version, key) -> wrapped.put(version, kek.wrap(version, key, random)));
            if (!catalog.create(kek.check(), wrapped)) {
                // Never deleted here: on a shared path it could be the winner's own file.
                throw new KeyDirectoryException("another gateway created this catalog's cluster keyring at the same"
                        + " time: replace " + file + " with that gateway's cluster key file and start again;"
                        + " refusing to start");
            }
        } finally {
            MasterKeyFiles.zero(keys);
        }
        if (importing) {
            LOG.warn("cluster keyring created in the catalog with master key versions {} imported from {}; that"
                    + " directory is no longer used: keep a backup of it, then remove it", keys.keySet(), keyDir);
        } else {
            LOG.info("cluster keyring created in the catalog, master key version 1");
        }
        if (created) {
            LOG.warn("created cluster key file {}: copy it (mode 0600) to every other gateway of this catalog and"
                    + " keep a backup apart from the catalog's", file);
        }
        return new ClusterKeySource(kek, catalog, random);
    }

    private static TreeMap<Integer, byte[]> fresh(SecureRandom random) {
        byte[] key = new byte[MasterKeyFiles.KEY_LENGTH];
        random.nextBytes(key);
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keys.put(1, key);
        return keys;
    }

    @Override
    public TreeMap<Integer, byte[]> load() {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        try {
            catalog.wrappedKeys().forEach((version, wrapped) -> keys.put(version, kek.unwrap(version, wrapped)));
        } catch (RuntimeException e) {
            MasterKeyFiles.zero(keys);
            throw e;
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("the catalog's cluster keyring lists no master key version");
        }
        return keys;
    }

    @Override
    public int addVersion(SecureRandom r) {
        byte[] key = new byte[MasterKeyFiles.KEY_LENGTH];
        r.nextBytes(key);
        try {
            return catalog.add(version -> kek.wrap(version, key, r));
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public Optional<String> destroyRefusal(int version) {
        if (catalog.supersededWithin(version, DESTROY_AFTER_SECONDS)) {
            return Optional.of("master key version " + version + " was current less than " + DESTROY_AFTER_SECONDS
                    + " s ago and other gateways may still write under it; try again in a few seconds");
        }
        return Optional.empty();
    }

    @Override
    public void destroy(int version, SecureRandom r) {
        catalog.delete(version);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public SortedSet<Integer> versions() {
        return catalog.versions();
    }

    @Override
    public String toString() {
        return "cluster keyring (" + kek + ")";
    }
}
