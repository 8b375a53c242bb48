package coffer.storage.accounts;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccessKeyDao.SigningRow;
import coffer.storage.crypto.SecretSealer;
import coffer.storage.internal.catalog.SealedAccessKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access key secrets: chosen (or generated) and sealed when a key is issued, opened when a request names the key.
 * A secret is sealed under the master key with its account id and access key id as context
 * ({@link SealedAccessKey#context(long, String)}), so a sealed value moved to another row, or a row re-pointed to
 * another account, does not open; such a key is not found. Secrets are never logged, only key and account ids.
 * Thread-safe.
 */
final class AccessKeySecrets {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeySecrets.class);

    private final AccountCatalog catalog;
    private final SecretSealer sealer;
    private final AccessKeyGenerator generator;

    AccessKeySecrets(AccountCatalog catalog, SecretSealer sealer, AccessKeyGenerator generator) {
        this.catalog = catalog;
        this.sealer = sealer;
        this.generator = generator;
    }

    /**
     * The key to issue: {@code accessKeyId} and {@code secretKey} as given, a null one generated. The id must be
     * 1..128 ASCII characters and the secret non-empty (IllegalArgumentException). {@code accountId} is 0: it is
     * known once the key is sealed.
     */
    AccessKeyPair choose(String accessKeyId, String secretKey) {
        String id = accessKeyId != null ? accessKeyId : generator.newAccessKeyId();
        String secret = secretKey != null ? secretKey : generator.newSecretKey();
        if (id.isEmpty() || id.length() > 128 || !StandardCharsets.US_ASCII.newEncoder().canEncode(id)
                || secret.isEmpty()) {
            throw new IllegalArgumentException("access key id must be 1..128 ASCII characters, secret non-empty");
        }
        return new AccessKeyPair(id, secret, 0);
    }

    /** {@code key}'s secret sealed for {@code accountId} (the context binds both). */
    byte[] seal(AccessKeyPair key, long accountId) {
        return sealer.seal(key.secretKey().getBytes(StandardCharsets.UTF_8),
                SealedAccessKey.context(accountId, key.accessKeyId()));
    }

    /** The key that signed a request, as {@link Accounts#findSigningKey(String)} describes it. */
    Optional<SigningKey> findSigning(String accessKeyId) {
        Optional<SigningRow> row = catalog.findSigningKey(accessKeyId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<SigningKey> key = signingKey(row.get());
        if (key.isPresent()) {
            return key;
        }
        // The cached row may have been sealed under a master key that was rotated away (its secret re-sealed in the
        // catalog) and destroyed since: read the row again once.
        catalog.forgetSigningKey(accessKeyId);
        row = catalog.findSigningKey(accessKeyId);
        key = row.flatMap(this::signingKey);
        if (row.isPresent() && key.isEmpty()) {
            // Altered, re-pointed to another account, or under a master key version this gateway lacks: the key
            // cannot sign anything, as if it did not exist. Named by id and account only, never by its secret.
            LOG.warn("access key {} (account {}) refused: its sealed secret does not open for this account",
                    accessKeyId, row.get().key().accountId());
        }
        return key;
    }

    /** Re-seals rows sealed before their account was part of the context ({@link LegacySecretUpgrade}). */
    void upgradeLegacySeals() {
        LegacySecretUpgrade.run(catalog, sealer);
    }

    private Optional<SigningKey> signingKey(SigningRow row) {
        try {
            return Optional.of(new SigningKey(unseal(row.key()), row.accountState()));
        } catch (StoreException doesNotOpen) {
            return Optional.empty();
        }
    }

    private AccessKeyPair unseal(SealedAccessKey row) {
        byte[] secret;
        try {
            secret = sealer.open(row.sealedSecret(), row.context());
        } catch (RuntimeException e) {
            // Wrong master key or a tampered row; the cause names neither the secret nor the key material.
            throw new StoreException(Reason.INTERNAL, "access key secret does not open", e);
        }
        return new AccessKeyPair(row.accessKeyId(), new String(secret, StandardCharsets.UTF_8), row.accountId());
    }
}
