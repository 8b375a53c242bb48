package coffer.storage.internal.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Where the master key versions of a {@link MasterKeyring} are kept: a key directory of one gateway
 * ({@link KeyDirectorySource}) or the catalog, under the cluster key ({@link ClusterKeySource}).
 */
interface MasterKeySource {
    /** Every version with its 32-byte master key; the caller zeroes them. */
    TreeMap<Integer, byte[]> load() throws IOException;

    /** Creates the next version, one above every version ever used, and returns its number. */
    int addVersion(SecureRandom random) throws IOException;

    /** Why {@code version} may not be destroyed yet, beyond what the keyring checks itself; empty when it may. */
    default Optional<String> destroyRefusal(int version) {
        return Optional.empty();
    }

    /** Removes {@code version} for good. */
    void destroy(int version, SecureRandom random) throws IOException;

    /** Whether other gateways change it while this one runs, so the keyring must look again (see below). */
    boolean shared();

    /** The versions there are now, without the keys: cheap, for polling a shared source. */
    SortedSet<Integer> versions() throws IOException;
}
