package coffer.storage.internal.crypto;

import coffer.storage.KeyDirectoryException;
import coffer.storage.crypto.SealedValueException;
import coffer.storage.crypto.SecretSealer;
import coffer.storage.internal.catalog.KeyringCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned master key: seals small secrets and wraps blob data keys with AES-256-GCM.
 *
 * <p>Each master key version {@code v} yields two 256-bit keys by HKDF-SHA256 (salt {@value #SALT}, info = a
 * purpose label), one for {@link #seal}, one for {@link #wrapDataKey}, so a sealed secret never opens as a data
 * key and vice versa. A sealed value is {@code version (4 bytes, big-endian) || nonce (12 random bytes) ||
 * ciphertext || tag (16 bytes)}; the associated data is {@code version (4 bytes) || context}. The highest
 * version is current and seals new values; older versions still open what they sealed.
 *
 * <p>The built-in key manager (SSE-KMS) lives here too: a fourth per-version key, the KMS root
 * ({@value #KMS_ROOT_LABEL}), yields the key of KMS key id {@code k} as HKDF-Expand(KMS root, {@value
 * #KMS_KEY_LABEL} || UTF-8(k), 32) on demand. No KMS key material is ever stored: a key id names its key. Values
 * wrapped under a KMS key ({@link #wrapUnderKmsKey}) have the sealed layout above.
 *
 * <p>The versions live in a {@link MasterKeySource}: the single-node key directory ({@link #openOrCreate}) or the
 * catalog, wrapped under the cluster key file ({@link #openCluster}). Rotation happens in place: {@link #rotate}
 * stores the next version and makes it current for every later call, so the blob engine and the sealers sharing this
 * keyring switch at once, without a restart; {@link #destroy} forgets an old version and removes it for good. A
 * cluster keyring also takes up versions other gateways made ({@link #refresh}, and on meeting a value under a
 * version it does not hold). Thread-safe: each call works on one immutable
 * snapshot of the loaded versions (the version written into a value is always the one whose key sealed it);
 * changes are serialised. The labels, salt and layout are an on-disk contract: add a new purpose or format instead
 * of changing them. Key bytes never appear in messages or {@link #toString()}.
 */
public final class MasterKeyring implements SecretSealer {
    static final String SALT = "coffer master key v1";
    static final String SEAL_LABEL = "coffer/secret-sealer/v1";
    static final String WRAP_LABEL = "coffer/data-key-wrap/v1";
    static final String CUSTOMER_KEY_CHECK_LABEL = "coffer/sse-c-key-check/v1";
    static final String KMS_ROOT_LABEL = "coffer/kms-root/v1";
    static final String KMS_KEY_LABEL = "coffer/kms-key/v1/";
    private static final String TRANSFORM = "AES/GCM/NoPadding";
    private static final int VERSION_LENGTH = 4;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int OVERHEAD = VERSION_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

    private record VersionKeys(SecretKey sealKey, SecretKey wrapKey, SecretKey checkKey, SecretKey kmsRoot) {
        @Override
        public String toString() {
            return "VersionKeys[redacted]";
        }
    }

    /** The loaded versions and the current one; replaced whole, never changed. */
    private record State(Map<Integer, VersionKeys> keys, int current) {
        VersionKeys currentKeys() {
            return keys.get(current);
        }
    }

    /** Shortest time between two reloads of a shared source for a value under a version not loaded. */
    private static final long MIN_RELOAD_GAP_NANOS = 100_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyring.class);

    private final MasterKeySource source;
    private final SecureRandom random;
    private volatile State state;
    private volatile long loadedAt;

    private MasterKeyring(MasterKeySource source, Map<Integer, byte[]> masterKeys, SecureRandom random) {
        this.source = source;
        this.random = random;
        this.state = derive(masterKeys);
        this.loadedAt = System.nanoTime();
    }

    private static State derive(Map<Integer, byte[]> masterKeys) {
        Map<Integer, VersionKeys> derived = new HashMap<>();
        masterKeys.forEach((version, master) -> derived.put(version, new VersionKeys(
                derive(master, SEAL_LABEL), derive(master, WRAP_LABEL), derive(master, CUSTOMER_KEY_CHECK_LABEL),
                derive(master, KMS_ROOT_LABEL))));
        return new State(Map.copyOf(derived),
                masterKeys.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    /**
     * Loads the {@code master-<n>.key} files the directory's manifest lists; in a new directory, creates
     * {@code master-1.key} (mode 0600, atomically, durably) and the manifest. The highest version becomes current.
     * {@link KeyDirectoryException} (refuse to start) when a key file, the manifest or the directory is open to other
     * users or not the gateway user's, or a listed file is missing or replaced; unlisted key files are ignored.
     */
    public static MasterKeyring openOrCreate(Path keyDir, SecureRandom random) throws IOException {
        return open(new KeyDirectorySource(keyDir, random), random);
    }

    /**
     * Checks the cluster key file at {@code file} before anything else starts: when it exists, it must be safe and
     * hold a key ({@link KeyDirectoryException} otherwise). Whether it belongs to the catalog is checked by
     * {@link #openCluster}.
     */
    public static void checkClusterKeyFile(Path file) throws IOException {
        ClusterKeyFile.checkIfPresent(file);
    }

    /**
     * The cluster keyring of the catalog {@code db} (schema migrated), opened with the cluster key file at
     * {@code file}: created on a new catalog (with the file, when missing, and the versions of the single-node key
     * directory {@code keyDir} when there is one), else checked against the file ({@link ClusterKeySource#open}).
     * Versions other gateways add are loaded by {@link #refresh} and whenever a value names a version not loaded.
     */
    public static MasterKeyring openCluster(Path file, Path keyDir, DataSource db, SecureRandom random)
            throws IOException {
        return open(ClusterKeySource.open(file, keyDir, new KeyringCatalog(db), random), random);
    }

    /** How often {@link #refresh} should run for a cluster keyring; 0 for a key directory, which never needs it. */
    public Duration refreshInterval() {
        return source.shared() ? Duration.ofSeconds(ClusterKeySource.REFRESH_SECONDS) : Duration.ZERO;
    }

    private static MasterKeyring open(MasterKeySource source, SecureRandom random) throws IOException {
        TreeMap<Integer, byte[]> masterKeys = source.load();
        try {
            return new MasterKeyring(source, masterKeys, random);
        } finally {
            MasterKeyFiles.zero(masterKeys);
        }
    }

    /**
     * Creates the next master key version in {@code keyDir} and returns its number, without a keyring (offline
     * tools, tests). Keyrings already open do not see it; the next {@link #openOrCreate} makes it current. A running
     * gateway rotates with {@link #rotate} instead.
     */
    public static int addVersion(Path keyDir, SecureRandom random) throws IOException {
        return new KeyDirectorySource(keyDir, random).addVersion(random);
    }

    /**
     * Creates the next master key version (one above every version used; in a key directory, above every version
     * listed or named by a file there), stores it (key directory and manifest, or the catalog) and makes it current:
     * every seal and wrap from now on uses it. Versions others added meanwhile are loaded too. Returns the new
     * version.
     */
    public synchronized int rotate() throws IOException {
        int next = source.addVersion(random);
        reload();
        return next;
    }

    /** Loads every version from the source again; the highest becomes current. */
    private synchronized void reload() throws IOException {
        TreeMap<Integer, byte[]> masterKeys = source.load();
        try {
            state = derive(masterKeys);
            loadedAt = System.nanoTime();
        } finally {
            MasterKeyFiles.zero(masterKeys);
        }
    }

    /**
     * For a cluster keyring: looks for versions other gateways added or destroyed and loads them (one small catalog
     * query, a full load only on a change). Returns whether anything changed. A key directory never changes.
     */
    public boolean refresh() throws IOException {
        if (!source.shared()) {
            return false;
        }
        if (source.versions().equals(new TreeSet<>(state.keys().keySet()))) {
            return false;
        }
        int before = state.current();
        reload();
        if (state.current() != before) {
            LOG.info("master key version {} is now current (rotated by another gateway)", state.current());
        }
        return true;
    }

    /**
     * Why {@code version} may not be destroyed yet although it is not current (a cluster keyring: it was current
     * moments ago, and other gateways may not have switched yet); empty when it may.
     */
    public Optional<String> destroyRefusal(int version) {
        return source.destroyRefusal(version);
    }

    /**
     * Forgets {@code version} and removes it from the source for good (a key file is shredded: overwritten, forced,
     * unlinked, directory forced; a catalog row deleted): nothing sealed or wrapped under it opens again, here or
     * after a restart. The caller makes sure nothing still uses it. Refuses the current version and versions that
     * are not loaded ({@link IllegalArgumentException}).
     */
    public synchronized void destroy(int version) throws IOException {
        State s = state;
        if (version == s.current()) {
            throw new IllegalArgumentException("master key version " + version + " is current");
        }
        if (!s.keys().containsKey(version)) {
            throw new IllegalArgumentException("master key version " + version + " is not loaded");
        }
        Map<Integer, VersionKeys> left = new HashMap<>(s.keys());
        left.remove(version);
        // Forget it first: from here on no call in this process can use it, whatever happens to the file.
        state = new State(Map.copyOf(left), s.current());
        source.destroy(version, random);
    }

    /** The loaded versions, ascending. */
    public SortedSet<Integer> versions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(state.keys().keySet()));
    }

    /** The version that new seals and wraps use. */
    public int currentVersion() {
        return state.current();
    }

    /** The master key version a sealed or wrapped value was made under, read from its first four bytes. */
    public static int versionOf(byte[] sealed) {
        if (sealed.length < OVERHEAD) {
            throw new SealedValueException("not a sealed value: too short");
        }
        return ByteBuffer.wrap(sealed).getInt();
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] context) {
        State s = state;
        return encrypt(s.current(), s.currentKeys().sealKey(), plaintext, context);
    }

    @Override
    public byte[] open(byte[] sealed, byte[] context) {
        return decrypt(keysFor(sealed).sealKey(), sealed, context);
    }

    /** Wraps a blob's data key under the current version, bound to {@code context} (the blob id). */
    public byte[] wrapDataKey(byte[] dataKey, byte[] context) {
        State s = state;
        return encrypt(s.current(), s.currentKeys().wrapKey(), dataKey, context);
    }

    /** Unwraps a data key wrapped by {@link #wrapDataKey} with the same context. */
    public byte[] unwrapDataKey(byte[] wrapped, byte[] context) {
        return decrypt(keysFor(wrapped).wrapKey(), wrapped, context);
    }

    /**
     * SSE-KMS: takes a data key wrapped by {@link #wrapDataKey} (under any loaded version) with {@code context} (the
     * blob id), wraps it again under the current version and that wrapped value once more under the KMS key
     * {@code keyId} of the same version. Both layers are made from one snapshot, so they always name the same
     * version: the four leading bytes that rotation counts speak for the inner layer too. The key id is never
     * validated here: any id names a key.
     */
    public byte[] wrapUnderKmsKey(String keyId, byte[] wrappedDataKey, byte[] context) {
        State s = state;
        byte[] material = decrypt(keysFor(wrappedDataKey).wrapKey(), wrappedDataKey, context);
        try {
            byte[] inner = encrypt(s.current(), s.currentKeys().wrapKey(), material, context);
            return encrypt(s.current(), kmsKey(s.currentKeys(), keyId), inner, context);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * The wrapped data key inside a value made by {@link #wrapUnderKmsKey} with the same key id and context (ready
     * for {@link #unwrapDataKey}); a {@link SealedValueException} when either differs, the value was altered, or
     * its version is not loaded.
     */
    public byte[] unwrapUnderKmsKey(String keyId, byte[] wrapped, byte[] context) {
        return decrypt(kmsKey(keysFor(wrapped), keyId), wrapped, context);
    }

    /** Rotation of a {@link #wrapUnderKmsKey} value: both layers move to the current version. */
    public byte[] rewrapUnderKmsKey(String keyId, byte[] wrapped, byte[] context) {
        return wrapUnderKmsKey(keyId, unwrapUnderKmsKey(keyId, wrapped, context), context);
    }

    private static SecretKey kmsKey(VersionKeys version, String keyId) {
        byte[] label = (KMS_KEY_LABEL + keyId).getBytes(StandardCharsets.UTF_8);
        byte[] root = version.kmsRoot().getEncoded();
        byte[] k = Hkdf.expand(root, label, 32);
        try {
            return new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(root, (byte) 0);
        }
    }

    /**
     * A check value for a customer (SSE-C) key: the current version (4 bytes) followed by
     * HMAC-SHA256(K_check of that version, key). It lets a later request be matched against the key without the
     * key (or a plain hash of it) being stored.
     */
    public byte[] customerKeyCheck(byte[] customerKey) {
        State s = state;
        byte[] mac = hmac(s.currentKeys().checkKey(), customerKey);
        return ByteBuffer.allocate(VERSION_LENGTH + mac.length).putInt(s.current()).put(mac).array();
    }

    /** Whether {@code customerKey} is the key {@code check} was made from (constant time in the key). */
    public boolean customerKeyMatches(byte[] check, byte[] customerKey) {
        if (check.length <= VERSION_LENGTH) {
            return false;
        }
        VersionKeys k = loaded(versionOf(check));
        if (k == null) {
            throw new SealedValueException("customer key check made under master key version " + versionOf(check)
                    + ", which is not loaded");
        }
        return MessageDigest.isEqual(Arrays.copyOfRange(check, VERSION_LENGTH, check.length),
                hmac(k.checkKey(), customerKey));
    }

    /**
     * The keys of {@code version}, or null. A cluster keyring that lacks it loads the catalog's versions again first
     * (another gateway rotated): at once when the catalog holds that version (a version newer than the last load),
     * otherwise at most once per {@value #MIN_RELOAD_GAP_NANOS} ns, so a damaged value cannot make every read load
     * the keyring.
     */
    private VersionKeys loaded(int version) {
        VersionKeys k = state.keys().get(version);
        if (k != null || !source.shared()) {
            return k;
        }
        synchronized (this) {
            k = state.keys().get(version);
            if (k != null) {
                return k;
            }
            try {
                if (System.nanoTime() - loadedAt >= MIN_RELOAD_GAP_NANOS || source.versions().contains(version)) {
                    reload();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not load the cluster keyring for master key version {}: {}", version,
                        e.getMessage());
            }
            return state.keys().get(version);
        }
    }

    private static byte[] hmac(SecretKey key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private VersionKeys keysFor(byte[] sealed) {
        int version = versionOf(sealed);
        VersionKeys k = loaded(version);
        if (k == null) {
            throw new SealedValueException("sealed under master key version " + version + ", which is not loaded");
        }
        return k;
    }

    private byte[] encrypt(int version, SecretKey key, byte[] plaintext, byte[] context) {
        byte[] out = new byte[plaintext.length + OVERHEAD];
        ByteBuffer.wrap(out).putInt(version);
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, VERSION_LENGTH, NONCE_LENGTH);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORM);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(out, 0, VERSION_LENGTH);
            cipher.updateAAD(context);
            cipher.doFinal(plaintext, 0, plaintext.length, out, VERSION_LENGTH + NONCE_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] sealed, byte[] context) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORM);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, VERSION_LENGTH,
                    NONCE_LENGTH));
            cipher.updateAAD(sealed, 0, VERSION_LENGTH);
            cipher.updateAAD(context);
            int offset = VERSION_LENGTH + NONCE_LENGTH;
            return cipher.doFinal(sealed, offset, sealed.length - offset);
        } catch (AEADBadTagException e) {
            throw new SealedValueException("sealed value does not open: altered, other context or other key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }

    private static SecretKey derive(byte[] master, String label) {
        byte[] k = Hkdf.derive(master, SALT.getBytes(StandardCharsets.UTF_8),
                label.getBytes(StandardCharsets.UTF_8), 32);
        try {
            return new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public String toString() {
        State s = state;
        return "MasterKeyring[versions=" + new TreeSet<>(s.keys().keySet()) + ", current=" + s.current() + "]";
    }
}
