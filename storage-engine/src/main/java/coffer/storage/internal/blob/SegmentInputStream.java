package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Plaintext bytes {@code first..last} of one blob, decrypted segment by segment as the caller reads.
 *
 * <p>The constructor decrypts and verifies the first segment it needs, so a corrupted blob fails before the
 * caller commits to a response. Later segments are read and verified lazily; no unverified byte is ever
 * returned. Owns (and closes) the source. One reader at a time: not thread-safe.
 */
final class SegmentInputStream extends InputStream {
    private final BlobCodec.Source channel;
    private final SegmentCipher cipher;
    private final BlobId id;
    private final long segmentCount;
    private final long size;
    /** Where the blob's bytes start in the channel: 0 for a blob file, the payload offset in a volume. */
    private final long base;
    private final byte[] sealed = new byte[BlobFormat.SEALED_SEGMENT_SIZE];
    private final byte[] plain = new byte[BlobFormat.SEGMENT_SIZE];
    private long nextSegment;
    private int position;
    private int limit;
    private long remaining;
    private boolean closed;

    /**
     * For a blob whose header starts at {@code base} in {@code channel}. {@code last == first - 1} is allowed only
     * for an empty blob: it verifies the blob and reads nothing.
     */
    SegmentInputStream(BlobCodec.Source channel, long base, SegmentCipher cipher, BlobId id, long size, long first,
                       long last) throws IOException {
        this.channel = channel;
        this.base = base;
        this.cipher = cipher;
        this.id = id;
        this.size = size;
        this.segmentCount = BlobFormat.segmentCount(size);
        this.nextSegment = first >>> BlobFormat.SEGMENT_SHIFT;
        this.remaining = last - first + 1;
        loadNextSegment();
        this.position = (int) (first & (BlobFormat.SEGMENT_SIZE - 1));
    }

    @Override
    public int read() throws IOException {
        ensureOpen();
        if (remaining == 0) {
            return -1;
        }
        if (position == limit) {
            loadNextSegment();
        }
        remaining--;
        return plain[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            loadNextSegment();
        }
        int n = (int) Math.min(Math.min(len, limit - position), remaining);
        System.arraycopy(plain, position, b, off, n);
        position += n;
        remaining -= n;
        return n;
    }

    /**
     * Writes the rest of the range straight from the decrypted segment, one write per segment (up to 64 KiB):
     * no intermediate buffer and no 8 KiB pieces as in {@link InputStream#transferTo}. {@code out} must not keep
     * the array after {@code write} returns (the {@link java.io.OutputStream} contract), as it is reused.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        long written = 0;
        while (remaining > 0) {
            if (position == limit) {
                loadNextSegment();
            }
            int n = (int) Math.min(limit - position, remaining);
            out.write(plain, position, n);
            position += n;
            remaining -= n;
            written += n;
        }
        return written;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return (int) Math.min(limit - position, remaining);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private void loadNextSegment() throws IOException {
        long index = nextSegment;
        if (index >= segmentCount) {
            throw new IllegalStateException("read past the last segment");
        }
        int sealedLength = BlobFormat.plaintextLength(index, size) + BlobFormat.TAG_LENGTH;
        ByteBuffer buf = ByteBuffer.wrap(sealed, 0, sealedLength);
        long offset = base + BlobFormat.segmentOffset(index);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) {
                throw new BlobCorruptedException("blob " + id + " is truncated in segment " + index);
            }
        }
        limit = cipher.open(index, index == segmentCount - 1, sealed, sealedLength, plain);
        position = 0;
        nextSegment = index + 1;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
