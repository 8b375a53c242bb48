package coffer.storage.internal.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An access key row as stored: the secret is still sealed. {@link #toString()} omits the sealed bytes.
 *
 * <p>The secret is sealed with {@link #context(long, String)} as associated data: the account id and the access
 * key id, so a row re-pointed to another account (or a sealed value copied to another row) does not open. Rows
 * written before catalog V14 were sealed with the access key id alone ({@link #legacyContext}); the start of the
 * gateway re-seals them once ({@code LegacySecretUpgrade}, docs/storage-format.md).
 */
public record SealedAccessKey(String accessKeyId, long accountId, byte[] sealedSecret) {
    /** {@code access_key.secret_binding} of rows sealed with {@link #context(long, String)}. */
    public static final int BINDING_ACCOUNT_AND_KEY = 2;
    /** {@code access_key.secret_binding} of rows sealed before V14, with the access key id alone. */
    public static final int BINDING_LEGACY_KEY_ONLY = 1;
    /** On-disk contract: change the binding number and label together, never the label alone. */
    private static final byte[] LABEL = "coffer/access-key-secret/v2".getBytes(StandardCharsets.US_ASCII);

    public SealedAccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        sealedSecret = sealedSecret.clone();
    }

    /** The context this row's secret opens with. */
    public byte[] context() {
        return context(accountId, accessKeyId);
    }

    /**
     * The associated data an access key secret is sealed with: the label, a zero byte, the account id (8 bytes,
     * big-endian) and the access key id in UTF-8. Fixed-length fields before the one variable one, so no two
     * (account, key) pairs give the same bytes.
     */
    public static byte[] context(long accountId, String accessKeyId) {
        byte[] id = accessKeyId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(LABEL.length + 1 + Long.BYTES + id.length).put(LABEL).put((byte) 0)
                .putLong(accountId).put(id).array();
    }

    /** The context of rows sealed before V14 (binding 1): the access key id in UTF-8 only. */
    public static byte[] legacyContext(String accessKeyId) {
        return accessKeyId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] sealedSecret() {
        return sealedSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedAccessKey k && accessKeyId.equals(k.accessKeyId) && accountId == k.accountId
                && Arrays.equals(sealedSecret, k.sealedSecret);
    }

    @Override
    public int hashCode() {
        return accessKeyId.hashCode();
    }

    @Override
    public String toString() {
        return "SealedAccessKey[accessKeyId=" + accessKeyId + ", accountId=" + accountId + "]";
    }
}
