package coffer.storage.accounts;

import coffer.storage.crypto.SecretSealer;
import coffer.storage.internal.catalog.SealedAccessKey;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-seals the access key secrets written before catalog V14, which were bound to their access key id only, so that
 * they are bound to their account as well ({@link SealedAccessKey#context(long, String)}). Runs at every start
 * after the migrations and finds nothing to do once every row is on binding 2; a run cut short resumes at the next
 * start. A row that does not open with the legacy context (damaged, or under a master key version this gateway
 * lacks) is left as it is and logged: it cannot sign until an administrator issues a new key. Each row is its own
 * short transaction and is replaced only where it still holds what was read. The secret lives for one row and is
 * zeroed.
 *
 * <p>The upgrade trusts the account a legacy row names at upgrade time: a row re-pointed before the upgrade cannot
 * be told from a genuine one (that is the hole the binding closes from now on).
 */
final class LegacySecretUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(LegacySecretUpgrade.class);
    private static final int BATCH = 200;

    private LegacySecretUpgrade() {
    }

    /** Re-seals every legacy row it can; returns how many it re-sealed. */
    static int run(AccountCatalog catalog, SecretSealer sealer) {
        int resealed = 0;
        int unopenable = 0;
        String after = "";
        while (true) {
            List<SealedAccessKey> page = catalog.legacySealedKeys(after, BATCH);
            for (SealedAccessKey row : page) {
                byte[] secret;
                try {
                    secret = sealer.open(row.sealedSecret(), SealedAccessKey.legacyContext(row.accessKeyId()));
                } catch (RuntimeException e) {
                    unopenable++;
                    LOG.warn("access key {} (account {}): its sealed secret does not open, left as it is and"
                            + " refused: {}", row.accessKeyId(), row.accountId(), e.getMessage());
                    continue;
                }
                try {
                    if (catalog.rebindLegacySecret(row, sealer.seal(secret, row.context()))) {
                        resealed++;
                    }
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            if (page.size() < BATCH) {
                break;
            }
            after = page.get(page.size() - 1).accessKeyId();
        }
        if (resealed > 0 || unopenable > 0) {
            LOG.info("access key secrets bound to their accounts: {} re-sealed, {} could not be opened", resealed,
                    unopenable);
        }
        return resealed;
    }
}
