package coffer.storage.internal.blob;

import coffer.storage.ObjectEncryption;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.StoredBlob;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE-KMS layer over blob data keys: blobs of an object or upload whose {@link ObjectEncryption} names a KMS
 * key are published with their wrapped data key wrapped once more under that key ({@link #wrap}), and must be
 * unwrapped with the same key id before the blob engine can read them ({@link #unwrap}). For SSE-S3 both are the
 * identity. Stateless apart from the engine; thread-safe.
 */
public final class KmsLayer {
    private final BlobEngine blobs;

    public KmsLayer(BlobEngine blobs) {
        this.blobs = blobs;
    }

    /** The blob as the catalog must record it for an object or part encrypted {@code encryption}'s way. */
    public StoredBlob wrap(StoredBlob blob, ObjectEncryption encryption) {
        return encryption.isKms() ? blobs.wrapUnderKmsKey(blob, encryption.kmsKeyId()) : blob;
    }

    /** The blobs as the engine reads them; BlobCorruptedException when a wrapped key does not open. */
    public List<StoredBlob> unwrap(List<StoredBlob> stored, ObjectEncryption encryption)
            throws BlobCorruptedException {
        if (!encryption.isKms()) {
            return stored;
        }
        List<StoredBlob> plain = new ArrayList<>(stored.size());
        for (StoredBlob blob : stored) {
            plain.add(blobs.unwrapFromKmsKey(blob, encryption.kmsKeyId()));
        }
        return plain;
    }

    /** {@link #unwrap(List, ObjectEncryption)} of one blob. */
    public StoredBlob unwrap(StoredBlob stored, ObjectEncryption encryption) throws BlobCorruptedException {
        return encryption.isKms() ? blobs.unwrapFromKmsKey(stored, encryption.kmsKeyId()) : stored;
    }
}
