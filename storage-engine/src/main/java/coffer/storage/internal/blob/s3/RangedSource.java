package coffer.storage.internal.blob.s3;

import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobId;
import java.io.IOException;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A large blob's object read with ranged GETs, as the codec asks for it: the header, then the segments a range
 * needs. Reads come in ascending positions, so one GET serves all the reads that follow each other; a jump
 * (from the header to a later segment) starts a new one. The header GET stops at the header when the first needed
 * segment is not segment 0, and the segments' GET at the end of the last needed segment, so only needed bytes are
 * fetched. The first response's total length must be the blob's exact stored length. Not thread-safe.
 */
final class RangedSource implements BlobCodec.Source {
    private final S3Backend backend;
    private final String name;
    private final BlobId id;
    private final long expectedLength;
    private final long headerEnd;
    private final long windowStart;
    private final long windowEnd;
    private ResponseInputStream<GetObjectResponse> stream;
    private long streamPosition;
    private long streamEnd;
    private boolean lengthChecked;

    /**
     * @param headerEnd   the header's length
     * @param windowStart where the first needed segment starts
     * @param windowEnd   where the last needed segment ends (exclusive)
     */
    RangedSource(S3Backend backend, String name, BlobId id, long expectedLength, long headerEnd, long windowStart,
                 long windowEnd) {
        this.backend = backend;
        this.name = name;
        this.id = id;
        this.expectedLength = expectedLength;
        this.headerEnd = headerEnd;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position >= windowEnd && position >= headerEnd) {
            return -1;
        }
        if (stream == null || position != streamPosition) {
            open(position);
        }
        if (streamPosition >= streamEnd) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), streamEnd - streamPosition);
        int n;
        try {
            n = stream.read(dst.array(), dst.arrayOffset() + dst.position(), want);
        } catch (SdkException e) {
            throw S3Backend.translate("GET " + name, e);
        }
        if (n > 0) {
            dst.position(dst.position() + n);
            streamPosition += n;
        }
        return n;
    }

    private void open(long position) throws IOException {
        closeStream();
        // The header alone when the segments needed start later; else everything up to the last needed segment.
        long end = position < headerEnd && windowStart > headerEnd ? headerEnd : windowEnd;
        stream = backend.get(name, position, end - 1);
        streamPosition = position;
        streamEnd = end;
        if (!lengthChecked) {
            String range = stream.response().contentRange();
            long total = range == null || range.lastIndexOf('/') < 0 ? -1
                    : parseOrMinus(range.substring(range.lastIndexOf('/') + 1));
            if (total >= 0 && total != expectedLength) {
                closeStream();
                throw new BlobCorruptedException("blob " + id + " has the wrong length for its size");
            }
            lengthChecked = true;
        }
    }

    private static long parseOrMinus(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void closeStream() {
        if (stream != null) {
            if (streamPosition < streamEnd) {
                stream.abort(); // do not drain what we will not read; a fully read one keeps its connection
            }
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                // aborted: nothing to release
            }
            stream = null;
        }
    }

    @Override
    public void close() {
        closeStream();
    }
}
