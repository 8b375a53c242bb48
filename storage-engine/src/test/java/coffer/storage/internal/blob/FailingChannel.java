package coffer.storage.internal.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A real file channel that fails the way a sick disk does: {@code write} throws {@code writeFailure} once
 * {@code writeBudget} bytes have gone through (sequential and positional writes alike), and {@code force} throws {@code forceFailure} (each when not null).
 * Counts the calls to {@code force}.
 */
final class FailingChannel extends DelegatingFileChannel {
    private final IOException writeFailure;
    private final IOException forceFailure;
    private long writeBudget;
    int forceCalls;

    FailingChannel(FileChannel real, long writeBudget, IOException writeFailure, IOException forceFailure) {
        super(real);
        this.writeBudget = writeBudget;
        this.writeFailure = writeFailure;
        this.forceFailure = forceFailure;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        spend(src.remaining());
        return super.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        spend(src.remaining());
        return super.write(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new UnsupportedOperationException("not used by the engine");
    }

    /** Positional writes come from several sealing threads at once, hence the lock around the budget. */
    private synchronized void spend(int bytes) throws IOException {
        if (writeFailure != null && writeBudget < bytes) {
            throw writeFailure;
        }
        writeBudget -= bytes;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forceCalls++;
        if (forceFailure != null) {
            throw forceFailure;
        }
        super.force(metaData);
    }
}
