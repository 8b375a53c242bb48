package coffer.storage.blob;

import java.io.IOException;
import java.io.InputStream;

/**
 * The encrypted blob engine: turns plaintext streams into durable, encrypted blobs and back.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #write} reads exactly {@code length} bytes from {@code plaintext}, then reads once more and expects
 *       end of stream (so that verifying streams wrapped around the body can check their digest at EOF). A
 *       stream that ends early or runs long fails with {@link BodyLengthMismatchException}. Any exception thrown by
 *       the stream, checked or not, propagates unchanged after the partial blob is removed.</li>
 *   <li>When {@link #write} returns, the blob and its directory entry are forced to stable storage. Nothing refers
 *       to it yet: the caller publishes it in the catalog, and a blob that is never published is garbage.</li>
 *   <li>Every blob gets a fresh random data key, returned wrapped under the current master key version.</li>
 *   <li>{@link #read} decrypts only the segments covering {@code [first, last]}, verifies the first of them before
 *       it returns, and fails with {@link BlobCorruptedException} on any tampering, truncation or wrong key.</li>
 *   <li>Thread-safe.</li>
 * </ul>
 */
public interface BlobEngine {

    StoredBlob write(InputStream plaintext, long length) throws IOException;

    /**
     * Like {@link #write(InputStream, long)} for part {@code partNumber} (1..10000) of a multipart upload, which
     * engines may record with the blob. The default ignores the number.
     */
    default StoredBlob write(InputStream plaintext, long length, int partNumber) throws IOException {
        return write(plaintext, length);
    }

    /** Plaintext bytes {@code first..last}, both inclusive; {@code 0 <= first <= last < blob.size()}. */
    InputStream read(StoredBlob blob, long first, long last) throws IOException;

    /** Removes the blob; a missing blob is not an error. */
    void delete(BlobId id) throws IOException;
}
