package coffer.storage.crypto;

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
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
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
 * either no key or a whole one. Assumes one process per key directory.
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

    /** All key versions in {@code dir}, by version; creates version 1 if there is none. */
    static TreeMap<Integer, byte[]> loadOrCreate(Path dir, SecureRandom random) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            if (dir.toAbsolutePath().getParent() != null) {
                forceDirectory(dir.toAbsolutePath().getParent());
            }
        }
        TreeMap<Integer, byte[]> keys = load(dir);
        if (keys.isEmpty()) {
            keys.put(1, create(dir, 1, random));
        }
        return keys;
    }

    private static TreeMap<Integer, byte[]> load(Path dir) throws IOException {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    keys.put(Integer.parseInt(m.group(1)), read(file));
                }
            }
        }
        return keys;
    }

    private static byte[] read(Path file) throws IOException {
        byte[] key = Files.readAllBytes(file);
        if (key.length != KEY_LENGTH) {
            throw new IOException("master key file " + file + " must hold exactly " + KEY_LENGTH + " bytes");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_READ_WRITE.containsAll(perms)) {
            LOG.warn("master key file {} is accessible to other users ({}); it should be 0600", file,
                    PosixFilePermissions.toString(perms));
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
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void zero(Map<Integer, byte[]> keys) {
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }
}
