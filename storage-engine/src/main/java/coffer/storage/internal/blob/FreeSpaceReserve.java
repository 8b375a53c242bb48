package coffer.storage.internal.blob;

import coffer.storage.blob.InsufficientStorageException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space a blob store keeps in reserve, so that a full disk refuses new writes cleanly (and the catalog,
 * logs and the file system itself keep some room) instead of failing them half-way. Usable for any engine that
 * writes to a local file system. Thread-safe and stateless apart from the file store it asks.
 *
 * <p>Also the one place that recognises "the disk is full" among {@link IOException}s: the JDK gives ENOSPC and
 * EDQUOT no type of their own, only the operating system's message, so {@link #isOutOfSpace} matches those
 * messages (Linux and macOS wording, and Windows').
 */
public final class FreeSpaceReserve {
    /** No reserve: only a real ENOSPC refuses a write. */
    public static final long NONE = 0;
    private static final Logger LOG = LoggerFactory.getLogger(FreeSpaceReserve.class);

    private final FileStore store;
    private final long reserveBytes;

    /** {@code reserveBytes} of the file system holding {@code dir} must stay free after a write. */
    public FreeSpaceReserve(Path dir, long reserveBytes) throws IOException {
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("the free space reserve must not be negative");
        }
        this.store = Files.getFileStore(dir);
        this.reserveBytes = reserveBytes;
    }

    public long reserveBytes() {
        return reserveBytes;
    }

    /**
     * Refuses a write of {@code incomingBytes} on disk (0 when unknown) that would leave less than the reserve
     * free. Checked before the write starts; a write of unknown length can still run into ENOSPC, which
     * {@link #translate} turns into the same exception.
     */
    public void check(long incomingBytes) throws IOException {
        if (reserveBytes == NONE) {
            return;
        }
        long usable = store.getUsableSpace();
        if (usable - Math.max(0, incomingBytes) < reserveBytes) {
            LOG.warn("blob store nearly full: {} bytes free, reserve {} bytes; refusing a write of {} bytes", usable,
                    reserveBytes, Math.max(0, incomingBytes));
            throw new InsufficientStorageException("blob store has " + usable + " bytes free, below the reserve of "
                    + reserveBytes + " bytes plus the " + Math.max(0, incomingBytes) + " bytes of this write");
        }
    }

    /** Whether {@code e} is the operating system saying the disk or the user's quota is full. */
    public static boolean isOutOfSpace(IOException e) {
        if (e instanceof InsufficientStorageException) {
            return true;
        }
        String m = e.getMessage();
        if (m == null) {
            return false;
        }
        String lower = m.toLowerCase(Locale.ROOT);
        return lower.contains("no space left on device") || lower.contains("disk quota exceeded")
                || lower.contains("not enough space on the disk");
    }

    /** {@code e} as an {@link InsufficientStorageException} when it means a full disk, else {@code e} itself. */
    public static IOException translate(IOException e) {
        if (e instanceof InsufficientStorageException || !isOutOfSpace(e)) {
            return e;
        }
        LOG.warn("blob store full: {}", e.getMessage());
        return new InsufficientStorageException("the blob store's file system is full", e);
    }
}
