package coffer.storage.internal.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The single-node key directory ({@code DATA-DIR/keys}): {@code master-<n>.key} files listed by a manifest
 * ({@link MasterKeyFiles}, {@link MasterKeyManifest}). One process per directory.
 */
final class KeyDirectorySource implements MasterKeySource {
    private final Path dir;
    private final SecureRandom random;

    KeyDirectorySource(Path dir, SecureRandom random) {
        this.dir = dir;
        this.random = random;
    }

    /** The listed versions; in a new directory, version 1 is created first. */
    @Override
    public TreeMap<Integer, byte[]> load() throws IOException {
        return MasterKeyFiles.loadOrCreate(dir, random);
    }

    @Override
    public int addVersion(SecureRandom random) throws IOException {
        TreeMap<Integer, byte[]> masterKeys = MasterKeyFiles.loadOrCreate(dir, random);
        try {
            int next = MasterKeyFiles.nextVersion(dir, masterKeys.keySet());
            masterKeys.put(next, MasterKeyFiles.create(dir, next, random));
            MasterKeyManifest.writeKeys(dir, masterKeys);
            return next;
        } finally {
            MasterKeyFiles.zero(masterKeys);
        }
    }

    @Override
    public void destroy(int version, SecureRandom random) throws IOException {
        MasterKeyFiles.destroy(dir, version, random);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public SortedSet<Integer> versions() throws IOException {
        TreeMap<Integer, byte[]> keys = load();
        try {
            return new TreeSet<>(keys.keySet());
        } finally {
            MasterKeyFiles.zero(keys);
        }
    }

    @Override
    public String toString() {
        return "key directory " + dir;
    }
}
