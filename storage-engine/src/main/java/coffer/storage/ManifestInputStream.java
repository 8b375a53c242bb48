package coffer.storage;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Plaintext bytes {@code first..last} of a multipart object, read across its part blobs in order. Each part is
 * opened only when the previous one is exhausted, and the blob engine decrypts only the segments of each part
 * that the range covers. The first part is opened (and its first segment verified) in the constructor, so that a
 * damaged blob fails before a response starts. Not thread-safe.
 */
final class ManifestInputStream extends InputStream {
    private final BlobEngine blobs;
    private final List<StoredBlob> parts;
    private long position;
    private final long last;
    /** Index of the part {@link #current} reads, and that part's first byte in the object. */
    private int index;
    private long partStart;
    private InputStream current;
    private final CustomerKey customerKey;

    public ManifestInputStream(BlobEngine blobs, List<StoredBlob> parts, long first, long last) throws IOException {
        this(blobs, parts, first, last, null);
    }

    /** As above, for an object whose parts were written with {@code customerKey} (SSE-C; null for none). */
    public ManifestInputStream(BlobEngine blobs, List<StoredBlob> parts, long first, long last,
                               CustomerKey customerKey) throws IOException {
        this.blobs = blobs;
        this.customerKey = customerKey;
        this.parts = List.copyOf(parts);
        this.position = first;
        this.last = last;
        while (index < this.parts.size() && partStart + this.parts.get(index).size() <= first) {
            partStart += this.parts.get(index).size();
            index++;
        }
        openCurrent();
    }

    /** Opens the part at {@link #index} from {@link #position}, or clears {@link #current} at the end. */
    private void openCurrent() throws IOException {
        while (index < parts.size() && parts.get(index).size() == 0) {
            index++;
        }
        if (position > last || index >= parts.size()) {
            current = null;
            return;
        }
        StoredBlob part = parts.get(index);
        long from = position - partStart;
        long to = Math.min(part.size() - 1, last - partStart);
        current = blobs.read(part, from, to, customerKey);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current != null) {
            int n = current.read(b, off, len);
            if (n > 0) {
                position += n;
                return n;
            }
            if (n == 0) {
                continue;
            }
            current.close();
            partStart += parts.get(index).size();
            index++;
            openCurrent();
        }
        return -1;
    }

    /** Each part's own {@code transferTo}, so that the blob engine writes whole decrypted segments to {@code out}. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        long written = 0;
        while (current != null) {
            long n = current.transferTo(out);
            position += n;
            written += n;
            current.close();
            partStart += parts.get(index).size();
            index++;
            openCurrent();
        }
        return written;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
