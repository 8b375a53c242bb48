package coffer.storage.internal.blob;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;

/**
 * Base of the engines that implement the full forms of {@link #write} and {@link #read} (part number, customer
 * key): the shorter forms are those with part 0 and no customer key.
 */
public abstract class KeyedBlobEngine implements BlobEngine {
    @Override
    public final StoredBlob write(InputStream plaintext, long length) throws IOException {
        return write(plaintext, length, 0, null);
    }

    @Override
    public final StoredBlob write(InputStream plaintext, long length, int partNumber) throws IOException {
        return write(plaintext, length, partNumber, null);
    }

    @Override
    public abstract StoredBlob write(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException;

    @Override
    public final InputStream read(StoredBlob blob, long first, long last) throws IOException {
        return read(blob, first, last, null);
    }

    @Override
    public abstract InputStream read(StoredBlob blob, long first, long last, CustomerKey customerKey)
            throws IOException;
}
