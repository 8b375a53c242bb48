package coffer.storage.internal.blob.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the channel a volume's records are appended through. The seam exists so that tests can count or fail
 * {@link FileChannel#force} on a real channel; production uses {@link #DEFAULT}.
 */
@FunctionalInterface
public interface VolumeChannels {
    /** Creates {@code file}, which must not exist yet, for appending at position 0. */
    FileChannel createForAppend(Path file) throws IOException;

    VolumeChannels DEFAULT = file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
}
