package coffer.storage.catalog;

import java.util.Arrays;
import java.util.Objects;

/** An access key row as stored: the secret is still sealed. {@link #toString()} omits the sealed bytes. */
public record SealedAccessKey(String accessKeyId, long accountId, byte[] sealedSecret) {
    public SealedAccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        sealedSecret = sealedSecret.clone();
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
