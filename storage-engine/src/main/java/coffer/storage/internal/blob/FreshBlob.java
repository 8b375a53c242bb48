package coffer.storage.internal.blob;

import coffer.storage.blob.BlobId;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.util.Arrays;

/**
 * The keys of a blob being written ({@link BlobCodec#fresh}): a fresh id and random data key, the key its segments
 * are sealed with (the data key, or for SSE-C, algorithm 2, the data key mixed with the customer key) and its
 * header. {@link #close} zeroes the keys; they never appear in messages.
 */
final class FreshBlob implements AutoCloseable {
    private final BlobId id;
    private final byte[] dataKey;
    private final byte[] blobKey;
    private final BlobHeader header;
    private final CustomerKey customerKey;

    FreshBlob(BlobId id, byte[] dataKey, int partNumber, CustomerKey customerKey) {
        this.id = id;
        this.dataKey = dataKey;
        this.customerKey = customerKey;
        this.blobKey = customerKey == null ? dataKey : CustomerKeyMixing.blobKey(dataKey, customerKey, id);
        int algorithm = customerKey == null ? BlobFormat.ALGORITHM_AES_256_GCM
                : BlobFormat.ALGORITHM_AES_256_GCM_CUSTOMER_KEY;
        this.header = BlobHeader.create(id, partNumber, blobKey, algorithm);
    }

    BlobId id() {
        return id;
    }

    BlobHeader header() {
        return header;
    }

    byte[] blobKey() {
        return blobKey;
    }

    /** The stored blob once its {@code size} plaintext bytes (MD5 {@code md5}) are written: its data key wrapped. */
    StoredBlob stored(MasterKeyring keys, long size, byte[] md5) {
        byte[] wrapped = keys.wrapDataKey(BlobCodec.keyMaterial(dataKey, customerKey), id.toBytes());
        // The version from the wrapped value itself: a rotation between two calls cannot split them.
        return new StoredBlob(id, size, md5, MasterKeyring.versionOf(wrapped), wrapped);
    }

    @Override
    public void close() {
        Arrays.fill(dataKey, (byte) 0);
        Arrays.fill(blobKey, (byte) 0);
    }
}
