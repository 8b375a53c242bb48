package coffer.storage.blob.volume;

import coffer.storage.blob.BlobCodec;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.StoredBlob;
import coffer.storage.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;

/** Helpers shared by the volume engine tests. */
final class VolumeTestSupport {
    private VolumeTestSupport() {
    }

    static BlobCodec codec(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        return new BlobCodec(MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);
    }

    static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        new Random(31L * length + 7).nextBytes(b);
        return b;
    }

    static StoredBlob write(BlobEngine engine, byte[] plain) throws IOException {
        return engine.write(new ByteArrayInputStream(plain), plain.length);
    }

    static byte[] read(BlobEngine engine, StoredBlob blob, long first, long last) throws IOException {
        try (InputStream in = engine.read(blob, first, last)) {
            return in.readAllBytes();
        }
    }

    static byte[] readAll(BlobEngine engine, StoredBlob blob) throws IOException {
        return blob.size() == 0 ? read(engine, blob, 0, -1) : read(engine, blob, 0, blob.size() - 1);
    }
}
