package coffer.storage.internal.crypto;

import coffer.storage.KeyDirectoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and creates the master key files {@code <dir>/master-<version>.key}, each exactly 32 raw bytes.
 *
 * <p>The file names and the raw 32-byte content are an on-disk contract: never change them. A new key file is
 * created with mode 0600 from the start (never chmod-ed afterwards) and published atomically, so a crash leaves
 * either no key or a whole one; it becomes a version only once {@link MasterKeyManifest} lists it. Files, manifest
 * and directory must be the gateway user's and closed to others ({@link KeyFileOwnership}). Assumes one process per
 * key directory.
 */
final class MasterKeyFiles {
    static final int KEY_LENGTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyFiles.class);
    private static final Pattern NAME = Pattern.compile("master-([1-9][0-9]{0,8})\\.key");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private MasterKeyFiles() {
    }

    static Path fileFor(Path dir, int version) {
        return dir.resolve("master-" + version + ".key");
    }

    /**
     * The key versions {@code dir}'s manifest lists, by version, each checked (owner-only, ours, the bytes the
     * manifest names). A new directory gets version 1 and a manifest; a directory without a manifest (made before
     * manifests existed) adopts the key files present, once. Key files the manifest does not list are ignored with
     * a warning. {@link KeyDirectoryException} when the directory, a file or the manifest is unsafe or inconsistent.
     */
    static TreeMap<Integer, byte[]> loadOrCreate(Path dir, SecureRandom random) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            if (dir.toAbsolutePath().getParent() != null) {
                forceDirectory(dir.toAbsolutePath().getParent());
            }
        }
        KeyFileOwnership.checkDirectory(dir);
        SortedMap<Integer, Path> present = present(dir);
        Optional<SortedMap<Integer, byte[]>> manifest = MasterKeyManifest.read(dir);
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        try {
            if (manifest.isEmpty()) {
                for (Map.Entry<Integer, Path> e : present.entrySet()) {
                    keys.put(e.getKey(), read(e.getValue()));
                }
                if (keys.isEmpty()) {
                    keys.put(1, create(dir, 1, random));
                } else {
                    LOG.warn("master key directory {} has no manifest: adopting the key files present now, versions"
                            + " {}, once; from now on only key rotation adds versions", dir, keys.keySet());
                }
                MasterKeyManifest.writeKeys(dir, keys);
                return keys;
            }
            for (Map.Entry<Integer, byte[]> listed : manifest.get().entrySet()) {
                int version = listed.getKey();
                Path file = fileFor(dir, version);
                if (!present.containsKey(version)) {
                    throw new KeyDirectoryException("master key version " + version + " is listed in "
                            + MasterKeyManifest.fileFor(dir) + " but " + file + " is missing; refusing to start");
                }
                byte[] key = read(file);
                if (!MasterKeyManifest.matches(listed.getValue(), key)) {
                    Arrays.fill(key, (byte) 0);
                    throw new KeyDirectoryException("master key file " + file + " does not hold the key the"
                            + " manifest lists for version " + version + " (replaced?); refusing to start");
                }
                keys.put(version, key);
            }
            present.forEach((version, file) -> {
                if (!keys.containsKey(version)) {
                    LOG.warn("ignoring master key file {}: not listed in {}; only key rotation adds a version", file,
                            MasterKeyManifest.fileFor(dir));
                }
            });
            return keys;
        } catch (IOException | RuntimeException e) {
            zero(keys);
            throw e;
        }
    }

    /**
     * The next version to create: one above every version the manifest lists or a file names, so that neither a
     * number in use nor a stray file's name is ever taken again.
     */
    static int nextVersion(Path dir, Set<Integer> loaded) throws IOException {
        SortedMap<Integer, Path> files = present(dir);
        int highest = Math.max(loaded.isEmpty() ? 0 : Collections.max(loaded), files.isEmpty() ? 0 : files.lastKey());
        return highest + 1;
    }

    private static SortedMap<Integer, Path> present(Path dir) throws IOException {
        SortedMap<Integer, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    files.put(Integer.parseInt(m.group(1)), file);
                }
            }
        }
        return files;
    }

    private static byte[] read(Path file) throws IOException {
        KeyFileOwnership.checkFile(file);
        byte[] key = Files.readAllBytes(file);
        if (key.length != KEY_LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new KeyDirectoryException("master key file " + file + " must hold exactly " + KEY_LENGTH
                    + " bytes; refusing to start");
        }
        return key;
    }

    /**
     * Creates {@code master-<version>.key} with fresh random bytes: 1. write a temp file created 0600,
     * 2. force it, 3. rename it into place, 4. force the directory so the new name survives a crash.
     */
    static byte[] create(Path dir, int version, SecureRandom random) throws IOException {
        Path target = fileFor(dir, version);
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        // A leftover temp file was never renamed, hence never used: safe to discard.
        Files.deleteIfExists(temp);
        byte[] key = new byte[KEY_LENGTH];
        random.nextBytes(key);
        try {
            try (FileChannel ch = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))) {
                ByteBuffer buf = ByteBuffer.wrap(key);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (Files.exists(target)) {
                throw new IOException("master key file " + target + " already exists");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(temp);
            throw e;
        }
        return key;
    }

    /**
     * Shreds {@code master-<version>.key}: overwrites its 32 bytes with random ones and forces them, unlinks it, and
     * forces the directory, so neither the name nor (on a file system that writes in place) the bytes survive.
     * Copy-on-write file systems and SSD wear levelling may keep old blocks: see docs/storage-format.md.
     */
    static void destroy(Path dir, int version, SecureRandom random) throws IOException {
        // 1. Unlist it, so that whatever happens next the version is never loaded again.
        Optional<SortedMap<Integer, byte[]>> manifest = MasterKeyManifest.read(dir);
        if (manifest.isPresent() && manifest.get().remove(version) != null) {
            MasterKeyManifest.write(dir, manifest.get());
        }
        Path file = fileFor(dir, version);
        byte[] noise = new byte[KEY_LENGTH];
        random.nextBytes(noise);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(noise);
            while (buf.hasRemaining()) {
                ch.write(buf, buf.position());
            }
            ch.force(true);
        }
        Files.delete(file);
        forceDirectory(dir);
    }

    /** Linux makes a new directory entry durable only when the directory itself is forced. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void zero(Map<Integer, byte[]> keys) {
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }
}
