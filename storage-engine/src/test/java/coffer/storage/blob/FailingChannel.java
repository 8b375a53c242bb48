package coffer.storage.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file channel that fails the way a sick disk does: {@code write} throws {@code writeFailure} once
 * {@code writeBudget} bytes have gone through, and {@code force} throws {@code forceFailure} (each when not null).
 * Counts the calls to {@code force}.
 */
final class FailingChannel extends FileChannel {
    private final FileChannel real;
    private final IOException writeFailure;
    private final IOException forceFailure;
    private long writeBudget;
    int forceCalls;

    FailingChannel(FileChannel real, long writeBudget, IOException writeFailure, IOException forceFailure) {
        this.real = real;
        this.writeBudget = writeBudget;
        this.writeFailure = writeFailure;
        this.forceFailure = forceFailure;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (writeFailure != null && writeBudget < src.remaining()) {
            throw writeFailure;
        }
        int n = real.write(src);
        writeBudget -= n;
        return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forceCalls++;
        if (forceFailure != null) {
            throw forceFailure;
        }
        real.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
