package coffer.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

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
 *
 * <p>Recovery and reconciliation ({@code coffer.storage.integrity}, docs/durability.md) use {@link #recover},
 * {@link #list}, {@link #exists} and {@link #checkStored}. Their defaults refuse, so an engine without them still
 * serves; reconciliation then reports that it cannot run. {@link #list} must never name a blob whose data is not
 * yet complete, and each entry's time must not be earlier than the write of the blob's last byte: the orphan sweep
 * relies on both to never free a blob that is being written.
 */
public interface BlobEngine {

    /** The {@code length} of a {@link #write} that reads to the end of the stream. */
    long UNKNOWN_LENGTH = -1;

    StoredBlob write(InputStream plaintext, long length) throws IOException;

    /**
     * Like {@link #write(InputStream, long)} for part {@code partNumber} (1..10000) of a multipart upload, which
     * engines may record with the blob. The default ignores the number.
     */
    default StoredBlob write(InputStream plaintext, long length, int partNumber) throws IOException {
        return write(plaintext, length);
    }

    /**
     * Like {@link #write(InputStream, long, int)}; a non-null {@code customerKey} (SSE-C) makes the blob readable
     * only with that key. The default supports no customer keys.
     */
    default StoredBlob write(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException {
        if (customerKey != null) {
            throw new UnsupportedOperationException("this blob engine does not support customer keys");
        }
        return write(plaintext, length, partNumber);
    }

    /**
     * Plaintext bytes {@code first..last}, both inclusive; {@code 0 <= first <= last < blob.size()}. A blob written
     * with a customer key fails with {@link CustomerKeyException} (MISSING).
     */
    InputStream read(StoredBlob blob, long first, long last) throws IOException;

    /**
     * Like {@link #read(StoredBlob, long, long)} with the blob's customer key ({@code null} for none). Fails with
     * {@link CustomerKeyException} when the key is missing, wrong, or given for a blob that has none.
     */
    default InputStream read(StoredBlob blob, long first, long last, CustomerKey customerKey) throws IOException {
        checkCustomerKey(blob, customerKey);
        return read(blob, first, last);
    }

    /** Checks {@code customerKey} (may be null) against the blob as {@link #read} would, reading no data. */
    default void checkCustomerKey(StoredBlob blob, CustomerKey customerKey) throws IOException {
        if (customerKey != null) {
            throw new CustomerKeyException(CustomerKeyException.Problem.NOT_APPLICABLE,
                    "blob " + blob.id() + " was not written with a customer key");
        }
    }

    /**
     * A value that identifies {@code customerKey} without revealing it (an HMAC under a master-derived key), for
     * state that outlives one request, such as a multipart upload whose parts must all use the same key.
     */
    default byte[] customerKeyCheck(CustomerKey customerKey) {
        throw new UnsupportedOperationException("this blob engine does not support customer keys");
    }

    /** Whether {@code customerKey} is the key {@code check} (from {@link #customerKeyCheck}) was made from. */
    default boolean customerKeyMatches(byte[] check, CustomerKey customerKey) {
        throw new UnsupportedOperationException("this blob engine does not support customer keys");
    }

    /**
     * SSE-KMS: {@code blob} with its wrapped data key wrapped once more, under the key of KMS key id
     * {@code kmsKeyId}, so that reading it needs that key id too (see {@link #unwrapFromKmsKey}). The blob file is
     * untouched. The default supports no KMS keys.
     */
    default StoredBlob wrapUnderKmsKey(StoredBlob blob, String kmsKeyId) {
        throw new UnsupportedOperationException("this blob engine does not support KMS keys");
    }

    /**
     * The blob as {@link #wrapUnderKmsKey} was given it, ready for {@link #read}; {@link BlobCorruptedException}
     * when {@code kmsKeyId} is not the key id it was wrapped under, or the value was altered.
     */
    default StoredBlob unwrapFromKmsKey(StoredBlob blob, String kmsKeyId) throws BlobCorruptedException {
        throw new UnsupportedOperationException("this blob engine does not support KMS keys");
    }

    /** Removes the blob; a missing blob is not an error. */
    void delete(BlobId id) throws IOException;

    /**
     * Crash recovery, called once at start before any write: discards what writes that never returned left behind
     * (temporary files, a torn tail). Returns how many leftovers were removed. The default has nothing to do.
     */
    default int recover() throws IOException {
        return 0;
    }

    /**
     * Every complete blob in the store, in no particular order; the caller closes the stream. Weakly consistent:
     * blobs written or deleted during the walk may or may not appear. See the class comment for what entries
     * promise.
     */
    default Stream<BlobEntry> list() throws IOException {
        throw new UnsupportedOperationException("this blob engine cannot list its blobs");
    }

    /** Whether blob {@code id} is stored (complete). */
    default boolean exists(BlobId id) throws IOException {
        throw new UnsupportedOperationException("this blob engine cannot tell whether a blob exists");
    }

    /**
     * The checks possible without the blob's key, for a blob whose plaintext is {@code size} bytes: that it is
     * there, and for example its length and header. The key-based checks are a full {@link #read}.
     */
    default BlobCheck checkStored(BlobId id, long size) throws IOException {
        throw new UnsupportedOperationException("this blob engine cannot check its blobs");
    }
}
