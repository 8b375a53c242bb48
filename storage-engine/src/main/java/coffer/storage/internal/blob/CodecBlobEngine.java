package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import java.io.IOException;

/**
 * Base of the engines that store blobs in {@link BlobCodec}'s format (one file per blob, or records in volumes):
 * the customer-key checks and the SSE-KMS wrapping need no stored bytes, so they are the codec's alone.
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

    /** SSE-KMS wraps only the data key, so it is the same for every engine in the codec's format. */
    @Override
    public final StoredBlob wrapUnderKmsKey(StoredBlob blob, String kmsKeyId) {
        return codec.wrapUnderKmsKey(blob, kmsKeyId);
    }

    @Override
    public final StoredBlob unwrapFromKmsKey(StoredBlob blob, String kmsKeyId) throws BlobCorruptedException {
        return codec.unwrapFromKmsKey(blob, kmsKeyId);
    }

    @Override
    public final boolean customerKeyMatches(byte[] check, CustomerKey customerKey) {
        return codec.customerKeyMatches(check, customerKey);
    }
}
