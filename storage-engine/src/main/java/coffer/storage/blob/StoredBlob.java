package coffer.storage.blob;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the catalog must remember to read a blob back: its id, its plaintext size, the MD5 of the plaintext
 * (the S3 ETag), and the data key wrapped under master key version {@code keyVersion}.
 */
public record StoredBlob(BlobId id, long size, byte[] md5, int keyVersion, byte[] wrappedKey) {
    public StoredBlob {
        Objects.requireNonNull(id, "id");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        md5 = md5.clone();
        wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] md5() {
        return md5.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredBlob b && id.equals(b.id) && size == b.size && keyVersion == b.keyVersion
                && Arrays.equals(md5, b.md5) && Arrays.equals(wrappedKey, b.wrappedKey);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "StoredBlob[id=" + id + ", size=" + size + ", keyVersion=" + keyVersion + "]";
    }
}
