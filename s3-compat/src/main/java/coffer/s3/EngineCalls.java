package coffer.s3;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Calls into the storage engine that read or write data: their {@link IOException}s (the body stream's, the blob
 * engine's) travel to S3Service's error mapping as {@link UncheckedIOException}s.
 */
final class EngineCalls {
    /** An engine call that may fail with an I/O error. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    private EngineCalls() {
    }

    static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
