package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.BlobTestSupport;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Helpers shared by the volume engine tests, beside {@link BlobTestSupport}'s. */
final class VolumeTestSupport {
    private VolumeTestSupport() {
    }

    static BlobCodec codec(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        return new BlobCodec(MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);
    }

    static byte[] readAll(BlobEngine engine, StoredBlob blob) throws IOException {
        return blob.size() == 0 ? BlobTestSupport.readRange(engine, blob, 0, -1)
                : BlobTestSupport.readRange(engine, blob, 0, blob.size() - 1);
    }
}
