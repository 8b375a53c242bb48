package coffer.storage;

import java.util.Objects;

/**
 * A bucket's default encryption (S3 PutBucketEncryption): {@code algorithm} {@value ObjectEncryption#AES256} or
 * {@value ObjectEncryption#AWS_KMS}; with {@code aws:kms}, {@code kmsKeyId} names the key, or is null for the
 * account's default key (resolved when an object is written, see the S3 layer). Immutable.
 */
public record DefaultEncryption(String algorithm, String kmsKeyId, boolean bucketKeyEnabled) {
    public DefaultEncryption {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!algorithm.equals(ObjectEncryption.AES256) && !algorithm.equals(ObjectEncryption.AWS_KMS)) {
            throw new IllegalArgumentException("default encryption is AES256 or aws:kms");
        }
        if (kmsKeyId != null && (algorithm.equals(ObjectEncryption.AES256)
                || !ObjectEncryption.isWellFormedKeyId(kmsKeyId))) {
            throw new IllegalArgumentException("a KMS key id needs aws:kms and must be well-formed");
        }
    }

    public boolean isKms() {
        return algorithm.equals(ObjectEncryption.AWS_KMS);
    }
}
