package coffer.storage.internal.blob;

import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import java.io.IOException;

/**
 * Base of the engines that store blobs in {@link BlobCodec}'s format (one file per blob, or records in volumes):
 * the customer-key checks need no stored bytes, so they are the codec's alone.
 */
public abstract class CodecBlobEngine extends KeyedBlobEngine {
    protected final BlobCodec codec;

    protected CodecBlobEngine(BlobCodec codec) {
        this.codec = codec;
    }

    @Override
    public final void checkCustomerKey(StoredBlob blob, CustomerKey customerKey) throws IOException {
        codec.checkCustomerKey(blob, customerKey);
    }

    @Override
    public final byte[] customerKeyCheck(CustomerKey customerKey) {
        return codec.customerKeyCheck(customerKey);
    }

    @Override
    public final boolean customerKeyMatches(byte[] check, CustomerKey customerKey) {
        return codec.customerKeyMatches(check, customerKey);
    }
}
