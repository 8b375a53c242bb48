package coffer.storage.internal.crypto;

import coffer.storage.KeyDirectoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code <dir>/manifest}: the master key versions the directory holds, each with a check value of its key, written
 * only by the code that creates, rotates and destroys versions. Only the versions it lists are loaded, so a key file
 * dropped into the directory never becomes a key version (let alone the current one), and a listed file replaced by
 * other bytes refuses the start. A directory without a manifest (made before it existed) adopts the key files
 * present once, at the first start that sees it (docs/storage-format.md).
 *
 * <p>Format, an on-disk contract (bump {@value #FORMAT} instead of changing it): UTF-8 lines, {@code #} comments,
 * {@code format 1}, then one {@code version <n> <check>} per version, where check is the hex of the first 16 bytes
 * of HKDF-SHA256(master key, salt {@value MasterKeyring#SALT}, info {@value #CHECK_LABEL}). It reveals nothing
 * about the key. Written like a key file: a 0600 temp file, forced, renamed, directory forced.
 */
final class MasterKeyManifest {
    static final String FILE_NAME = "manifest";
    static final String FORMAT = "format 1";
    static final String CHECK_LABEL = "coffer/master-key-check/v1";
    private static final int CHECK_LENGTH = 16;

    private MasterKeyManifest() {
    }

    static Path fileFor(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** The listed versions with their check values, or empty when the directory has no manifest yet. */
    static Optional<SortedMap<Integer, byte[]>> read(Path dir) throws IOException {
        Path file = fileFor(dir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        KeyFileOwnership.checkFile(file);
        SortedMap<Integer, byte[]> versions = new TreeMap<>();
        boolean formatSeen = false;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals(FORMAT)) {
                formatSeen = true;
                continue;
            }
            String[] f = line.split(" ");
            if (!formatSeen || f.length != 3 || !f[0].equals("version") || !f[1].matches("[1-9][0-9]{0,8}")
                    || !f[2].matches("[0-9a-f]{" + 2 * CHECK_LENGTH + "}")) {
                throw new KeyDirectoryException("master key manifest " + file + " is damaged (line \"" + line
                        + "\"); refusing to start");
            }
            versions.put(Integer.parseInt(f[1]), HexFormat.of().parseHex(f[2]));
        }
        if (!formatSeen || versions.isEmpty()) {
            throw new KeyDirectoryException("master key manifest " + file + " lists no key version; refusing to start");
        }
        return Optional.of(versions);
    }

    /** Whether {@code key} is the key the manifest's {@code check} was made from (constant time). */
    static boolean matches(byte[] check, byte[] key) {
        return MessageDigest.isEqual(check, check(key));
    }

    /** Replaces the manifest with one listing exactly the versions of {@code keys} (version to master key). */
    static void writeKeys(Path dir, Map<Integer, byte[]> keys) throws IOException {
        SortedMap<Integer, byte[]> checks = new TreeMap<>();
        keys.forEach((version, key) -> checks.put(version, check(key)));
        write(dir, checks);
    }

    /** Replaces the manifest with one listing exactly {@code checks} (version to check value). */
    static void write(Path dir, SortedMap<Integer, byte[]> checks) throws IOException {
        StringBuilder text = new StringBuilder("# Coffer master key versions, written by Coffer when it creates,"
                + " rotates or destroys a key.\n# Key files not listed here are ignored. Do not edit.\n")
                .append(FORMAT).append('\n');
        checks.forEach((version, check) -> text.append("version ").append(version).append(' ')
                .append(HexFormat.of().formatHex(check)).append('\n'));
        Path target = fileFor(dir);
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel ch = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MasterKeyFiles.forceDirectory(dir);
    }

    private static byte[] check(byte[] key) {
        return Hkdf.derive(key, MasterKeyring.SALT.getBytes(StandardCharsets.UTF_8),
                CHECK_LABEL.getBytes(StandardCharsets.UTF_8), CHECK_LENGTH);
    }
}
