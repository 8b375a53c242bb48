package coffer.storage.internal.crypto;

import coffer.storage.KeyDirectoryException;
import coffer.storage.crypto.SealedValueException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster key file ({@code --cluster-key-file}): exactly 32 random bytes, the key-encryption key (KEK) under
 * which the catalog keeps every master key version (docs/storage-format.md, "Cluster keyring"). Like a master key
 * file it must be a regular file of mode 0600 (or 0400) owned by the gateway's user ({@link KeyFileOwnership}).
 *
 * <p>From the KEK: {@code K_kek_wrap = HKDF(KEK, salt "coffer cluster key v1", info
 * "coffer/cluster-master-key-wrap/v1", 32)} wraps a master key as {@code nonce (12) || AES-256-GCM ciphertext (32) ||
 * tag (16)} with associated data {@code "coffer/cluster-master-key/v1" || 0x00 || version (4 bytes)}, so a wrapped
 * key moved to another version's row does not open; {@code check = HKDF(KEK, same salt, info
 * "coffer/cluster-key-check/v1", 16)} is stored in the catalog to tell a wrong file apart at start. Neither the KEK
 * nor anything derived from it but the check ever leaves this class; the KEK bytes are zeroed once derived.
 */
final class ClusterKeyFile {
    static final int KEY_LENGTH = 32;
    static final String WHAT = "cluster key file";
    private static final String SALT = "coffer cluster key v1";
    private static final String WRAP_LABEL = "coffer/cluster-master-key-wrap/v1";
    private static final String CHECK_LABEL = "coffer/cluster-key-check/v1";
    private static final byte[] AAD_PURPOSE = "coffer/cluster-master-key/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final Path file;
    private final SecretKey wrapKey;
    private final byte[] check;

    private ClusterKeyFile(Path file, byte[] kek) {
        this.file = file;
        byte[] salt = SALT.getBytes(StandardCharsets.US_ASCII);
        byte[] k = Hkdf.derive(kek, salt, WRAP_LABEL.getBytes(StandardCharsets.US_ASCII), 32);
        this.wrapKey = new SecretKeySpec(k, "AES");
        Arrays.fill(k, (byte) 0);
        this.check = Hkdf.derive(kek, salt, CHECK_LABEL.getBytes(StandardCharsets.US_ASCII), 16);
    }

    /**
     * Checks {@code file} without reading the catalog: if it exists it must be safe (mode, owner) and hold 32 bytes.
     * {@link KeyDirectoryException} (refuse to start) otherwise. A missing file is fine here.
     */
    static void checkIfPresent(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            read(file);
        }
    }

    static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads and checks the file. */
    static ClusterKeyFile read(Path file) throws IOException {
        KeyFileOwnership.checkFile(file, WHAT);
        byte[] kek = Files.readAllBytes(file);
        try {
            if (kek.length != KEY_LENGTH) {
                throw new KeyDirectoryException(WHAT + " " + file + " must hold exactly " + KEY_LENGTH
                        + " bytes; refusing to start");
            }
            return new ClusterKeyFile(file, kek);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * Creates the file with 32 fresh random bytes: a temp file created 0600, forced, renamed into place (never over an
     * existing file), directory forced. Its directory is created (0700) when missing.
     */
    static ClusterKeyFile create(Path file, SecureRandom random) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        byte[] kek = new byte[KEY_LENGTH];
        random.nextBytes(kek);
        try {
            try (FileChannel ch = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buf = ByteBuffer.wrap(kek);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (exists(file)) {
                throw new KeyDirectoryException(WHAT + " " + file + " appeared while it was being created;"
                        + " refusing to start");
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            MasterKeyFiles.forceDirectory(dir);
            return new ClusterKeyFile(file, kek);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    Path file() {
        return file;
    }

    /** The check value the catalog keeps (reveals nothing about the KEK). */
    byte[] check() {
        return check.clone();
    }

    byte[] wrap(int version, byte[] masterKey, SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, wrapKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(version));
            byte[] sealed = cipher.doFinal(masterKey);
            return ByteBuffer.allocate(NONCE_LENGTH + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM wrapping failed", e);
        }
    }

    /** The master key of {@code version}; a {@link SealedValueException} if the wrapped bytes do not open. */
    byte[] unwrap(int version, byte[] wrapped) {
        if (wrapped.length != NONCE_LENGTH + KEY_LENGTH + TAG_BITS / 8) {
            throw new SealedValueException("wrapped master key version " + version + " has the wrong length");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, wrapKey, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_LENGTH));
            cipher.updateAAD(aad(version));
            return cipher.doFinal(wrapped, NONCE_LENGTH, wrapped.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new SealedValueException("master key version " + version + " does not open under the cluster key"
                    + " file: altered, or wrapped under another cluster key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unwrapping failed", e);
        }
    }

    private static byte[] aad(int version) {
        return ByteBuffer.allocate(AAD_PURPOSE.length + 4).put(AAD_PURPOSE).putInt(version).array();
    }

    @Override
    public String toString() {
        return "ClusterKeyFile[" + file + "]";
    }
}
