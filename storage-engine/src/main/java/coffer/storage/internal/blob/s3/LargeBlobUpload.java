package coffer.storage.internal.blob.s3;

import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.blob.BlobStoreUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One large blob streamed into one backend object as the codec produces it ({@link BlobCodec.Sink}): bytes fill a
 * part buffer from {@link PartBuffers}; a full buffer followed by more bytes becomes a part, uploaded on the
 * shared uploader threads while the next one fills, at most {@code partsInFlight} at a time per blob. A blob that
 * fits one buffer is a single PUT instead. So memory is bounded (the shared buffers) and the caller's thread only
 * encrypts. A part that failed stops the write at its next buffer. Not thread-safe: one per write.
 */
final class LargeBlobUpload implements BlobCodec.Sink {
    private final S3Backend backend;
    private final String name;
    private final PartBuffers buffers;
    private final ExecutorService uploaders;
    private final Semaphore inFlight;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private byte[] current;
    private int filled;
    private int nextPart = 1;
    private String uploadId;
    private boolean finished;

    LargeBlobUpload(S3Backend backend, String name, PartBuffers buffers, ExecutorService uploaders,
                    int partsInFlight) {
        this.backend = backend;
        this.name = name;
        this.buffers = buffers;
        this.uploaders = uploaders;
        this.inFlight = new Semaphore(partsInFlight);
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
        int off = 0;
        while (off < length) {
            if (current != null && filled == current.length) {
                submitPart(); // full, and more follows: it is not the last part
            }
            if (current == null) {
                current = buffers.take();
                filled = 0;
            }
            int n = Math.min(length - off, current.length - filled);
            System.arraycopy(bytes, off, current, filled, n);
            filled += n;
            off += n;
        }
    }

    /** Stores what is left and completes the object; once this returns, the backend has acknowledged it all. */
    void finish() throws IOException {
        if (uploadId == null) {
            byte[] b = current;
            current = null;
            try {
                backend.put(name, b, b == null ? 0 : filled);
            } finally {
                if (b != null) {
                    buffers.give(b);
                }
            }
        } else {
            if (current != null && filled > 0) {
                submitPart();
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> f : parts) {
                done.add(await(f));
            }
            backend.completeUpload(name, uploadId, done);
        }
        finished = true;
    }

    /** After a failure: gives the buffers back and removes what was stored, as far as the backend lets us. */
    void abort(Throwable failure) {
        if (current != null) {
            buffers.give(current);
            current = null;
        }
        for (Future<CompletedPart> f : parts) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // already failed; the failure that counts is the caller's
            }
        }
        try {
            if (uploadId != null && !finished) {
                backend.abortUpload(name, uploadId);
            }
            if (uploadId == null || finished) {
                backend.delete(name);
            }
        } catch (IOException | RuntimeException e) {
            // An outage: an unfinished upload or an unreferenced object stays for the store's lifecycle rule or
            // the orphan sweep (docs/durability.md).
            failure.addSuppressed(e);
        }
    }

    private void submitPart() throws IOException {
        failFast();
        if (uploadId == null) {
            uploadId = backend.startUpload(name);
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a part upload");
        }
        byte[] buffer = current;
        int length = filled;
        int number = nextPart++;
        String id = uploadId;
        current = null;
        filled = 0;
        try {
            parts.add(uploaders.submit(() -> {
                try {
                    String etag = backend.uploadPart(name, id, number, buffer, length);
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                } finally {
                    buffers.give(buffer);
                    inFlight.release();
                }
            }));
        } catch (RuntimeException e) {
            buffers.give(buffer);
            inFlight.release();
            throw new IOException("cannot upload a part: the blob engine is closed", e);
        }
    }

    /** Stops a write whose earlier part already failed, before more of the body is read. */
    private void failFast() throws IOException {
        for (Future<CompletedPart> f : parts) {
            if (f.isDone()) {
                await(f);
            }
        }
    }

    private static CompletedPart await(Future<CompletedPart> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a part upload");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** A part's failure as this caller's exception, keeping its type (an outage stays a 503). */
    static IOException rethrown(Throwable cause) {
        if (cause instanceof BlobStoreUnavailableException u) {
            return new BlobStoreUnavailableException(u.getMessage(), u.throttled(), u);
        }
        if (cause instanceof IOException io) {
            return new IOException(io.getMessage(), io);
        }
        return new IOException("upload failed", cause);
    }
}
