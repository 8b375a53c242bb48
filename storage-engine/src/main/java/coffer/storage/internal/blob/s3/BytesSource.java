package coffer.storage.internal.blob.s3;

import coffer.storage.internal.blob.BlobCodec;
import java.nio.ByteBuffer;

/** Stored blob bytes already in memory (a packed blob's record, fetched with one GET) as a codec source. */
final class BytesSource implements BlobCodec.Source {
    private final byte[] bytes;

    BytesSource(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        if (position >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        return n;
    }

    @Override
    public void close() {
    }
}
