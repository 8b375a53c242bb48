package coffer.storage;

import coffer.storage.StoreException.Reason;
import coffer.storage.catalog.AccountCatalog;
import coffer.storage.catalog.AccountCatalog.SigningKeyRow;
import coffer.storage.catalog.Catalog;
import coffer.storage.catalog.SealedAccessKey;
import coffer.storage.crypto.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access key secrets: sealed when a key is issued, opened when a request names the key. A secret is sealed under
 * the master key with its account id and access key id as context ({@link SealedAccessKey#context(long, String)}),
 * so a sealed value moved to another row, or a row re-pointed to another account, does not open; such a key is
 * not found. Secrets are never logged, only key and account ids. Thread-safe.
 */
final class AccessKeySecrets {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeySecrets.class);

    private final Catalog catalog;
    private final AccountCatalog accountCatalog;
    private final SecretSealer sealer;
    private final AccessKeyGenerator keyGenerator;

    AccessKeySecrets(Catalog catalog, AccountCatalog accountCatalog, SecretSealer sealer,
                     AccessKeyGenerator keyGenerator) {
        this.catalog = catalog;
        this.accountCatalog = accountCatalog;
        this.sealer = sealer;
        this.keyGenerator = keyGenerator;
    }

    /** Issues a key; null id or secret means generate one. NO_SUCH_ACCOUNT, ACCESS_KEY_ALREADY_EXISTS. */
    AccessKeyPair issue(long accountId, String accessKeyId, String secretKey) {
        String id = accessKeyId != null ? accessKeyId : keyGenerator.newAccessKeyId();
        String secret = secretKey != null ? secretKey : keyGenerator.newSecretKey();
        if (id.isEmpty() || id.length() > 128 || !StandardCharsets.US_ASCII.newEncoder().canEncode(id)
                || secret.isEmpty()) {
            throw new IllegalArgumentException("access key id must be 1..128 ASCII characters, secret non-empty");
        }
        byte[] sealed = sealer.seal(secret.getBytes(StandardCharsets.UTF_8), SealedAccessKey.context(accountId, id));
        catalog.createAccessKey(accountId, id, sealed);
        return new AccessKeyPair(id, secret, accountId);
    }

    /** An active key of an active account, with its secret opened. */
    Optional<AccessKeyPair> find(String accessKeyId) {
        return catalog.findAccessKey(accessKeyId).map(this::unseal);
    }

    /** The key that signed a request, as {@link Store#findSigningKey(String)} describes it. */
    Optional<SigningKey> findSigning(String accessKeyId) {
        Optional<SigningKeyRow> row = accountCatalog.findSigningKey(accessKeyId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<SigningKey> key = signingKey(row.get());
        if (key.isPresent()) {
            return key;
        }
        // The cached row may have been sealed under a master key that was rotated away (its secret re-sealed in the
        // catalog) and destroyed since: read the row again once.
        accountCatalog.forgetSigningKey(accessKeyId);
        row = accountCatalog.findSigningKey(accessKeyId);
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
        LegacySecretUpgrade.run(accountCatalog, sealer);
    }

    private Optional<SigningKey> signingKey(SigningKeyRow row) {
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
