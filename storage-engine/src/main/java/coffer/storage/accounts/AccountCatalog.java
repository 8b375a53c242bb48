package coffer.storage.accounts;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccessKeyDao.SigningRow;
import coffer.storage.internal.catalog.LookupCache;
import coffer.storage.internal.catalog.SealedAccessKey;
import coffer.storage.internal.catalog.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import javax.sql.DataSource;

/**
 * The catalog side of account administration: accounts, plans, keys and the audit table, one transaction per
 * method. Only sealed secrets pass through here, and only sealed secrets are cached (signing keys, for a short
 * time-to-live). The rules every change of an account or key keeps live here: a deleted account never changes
 * again and never gets a key. Thread-safe.
 */
final class AccountCatalog {
    private final Transactions tx;
    private final Clock clock;
    private final AccountDao accounts = new AccountDao();
    private final AccessKeyDao keys = new AccessKeyDao();
    private final PlanDao plans = new PlanDao();
    private final AuditDao audit = new AuditDao();
    /** Signing keys by access key id, sealed: every signed request reads one; they change only by admin action. */
    private final LookupCache<String, SigningRow> signingKeys;

    /**
     * {@code lookupTtl}: how long a signing key is kept (see {@link LookupCache}). A key revoked, or an account
     * suspended or deleted, through this instance is dropped at once; through another gateway, it is still
     * accepted here for up to that long.
     */
    AccountCatalog(DataSource db, Clock clock, Duration lookupTtl) {
        this.tx = new Transactions(db);
        this.clock = clock;
        this.signingKeys = new LookupCache<>(clock, lookupTtl, 10_000);
    }

    boolean any() {
        return tx.read("hasAccounts", accounts::any);
    }

    /**
     * Creates the account, its usage row and its first key in one transaction, so that a failure leaves no
     * account without a key; returns the new account's id. ACCOUNT_ALREADY_EXISTS (name or legacy id taken),
     * NO_SUCH_PLAN, ACCESS_KEY_ALREADY_EXISTS. {@code sealedSecretFor} seals the key's secret for the new
     * account's id.
     */
    long createAccount(NewAccount account, String accessKeyId, LongFunction<byte[]> sealedSecretFor) {
        return tx.write("createAccount", c -> {
            long id = accounts.insert(c, account, clock.instant());
            // Sealed only now: the secret is bound to the account id, which the insert just assigned.
            keys.insert(c, accessKeyId, id, sealedSecretFor.apply(id), clock.instant());
            return id;
        });
    }

    Optional<AccountInfo> find(String name) {
        return tx.read("findAccount", c -> accounts.findByName(c, name));
    }

    Optional<AccountInfo> findById(long accountId) {
        return tx.read("findAccountById", c -> accounts.findById(c, accountId));
    }

    /** The account's canonical user id (64 hex digits); empty for no such account. */
    Optional<String> canonicalId(long accountId) {
        return tx.read("findCanonicalId", c -> accounts.canonicalId(c, accountId));
    }

    /** The account, any state, whose canonical user id this is. */
    Optional<AccountInfo> findByCanonicalId(String canonicalId) {
        return tx.read("findAccountByCanonicalId", c -> accounts.findByCanonicalId(c, canonicalId));
    }

    /** Gives accounts created before V15 their canonical ids (at start); returns how many. */
    int backfillCanonicalIds() {
        return tx.write("backfillCanonicalIds", accounts::backfillCanonicalIds);
    }

    /** Every account (deleted ones included) with this e-mail address, ignoring case, by id. */
    List<AccountInfo> findByEmail(String email) {
        return tx.read("findAccountsByEmail", c -> accounts.findByEmail(c, email));
    }

    Optional<AccountInfo> findByLegacyId(String legacyId) {
        return tx.read("findAccountByLegacyId", c -> accounts.findByLegacyId(c, legacyId));
    }

    /** Every account, deleted ones included, by name. */
    List<AccountInfo> list() {
        return tx.read("listAccounts", accounts::list);
    }

    List<AccessKeyInfo> keys(long accountId) {
        return tx.read("listAccessKeys", c -> keys.listForAccount(c, accountId));
    }

    /** An active key of an active or suspended account, with the account's state. */
    Optional<SigningRow> findSigningKey(String accessKeyId) {
        return signingKeys.get(accessKeyId, () -> tx.read("findSigningKey", c -> keys.findForSigning(c, accessKeyId)));
    }

    /**
     * Up to {@code limit} keys (any state) whose secret is still sealed with the pre-V14 context, in access key id
     * order after {@code after} ("" for the first page).
     */
    List<SealedAccessKey> legacySealedKeys(String after, int limit) {
        return tx.read("legacySealedKeys", c -> keys.withBinding(c, SealedAccessKey.BINDING_LEGACY_KEY_ONLY, after,
                limit));
    }

    /**
     * Stores {@code sealedSecret}, sealed with {@link SealedAccessKey#context()}, in place of a legacy row's value,
     * only where the row still holds what was read. Returns whether it did.
     */
    boolean rebindLegacySecret(SealedAccessKey legacy, byte[] sealedSecret) {
        return tx.write("rebindLegacySecret", c -> keys.rebind(c, legacy, sealedSecret,
                SealedAccessKey.BINDING_ACCOUNT_AND_KEY));
    }

    /** Drops the key's cached row (its sealed secret no longer opens: re-sealed by a key rotation). */
    void forgetSigningKey(String accessKeyId) {
        signingKeys.invalidate(accessKeyId);
    }

    /**
     * Moves an active or suspended account to {@code state}; a deleted account cannot change (ACCOUNT_DELETED).
     * Moving to {@code deleted} also revokes every key, in the same transaction, so that no request signed with
     * them is accepted after the commit. Returns the number of keys revoked.
     */
    int setState(long accountId, AccountState state) {
        try {
            return tx.write("setAccountState", c -> {
                requireLive(c, accountId);
                accounts.setState(c, accountId, state);
                return state == AccountState.DELETED ? keys.revokeAll(c, accountId) : 0;
            });
        } finally {
            // Also when the outcome is unknown: a dropped row is merely read again.
            signingKeys.invalidateIf(row -> row.key().accountId() == accountId);
        }
    }

    /** Issues a key to a live account. ACCOUNT_DELETED, NO_SUCH_ACCOUNT, ACCESS_KEY_ALREADY_EXISTS. */
    void createAccessKey(long accountId, String accessKeyId, byte[] sealedSecret) {
        tx.write("createAccessKey", c -> {
            requireLive(c, accountId);
            keys.insert(c, accessKeyId, accountId, sealedSecret, clock.instant());
            return null;
        });
    }

    /** Revokes a key at once. NO_SUCH_ACCESS_KEY if unknown; revoking a revoked key is a no-op (false). */
    boolean revokeAccessKey(String accessKeyId) {
        try {
            return tx.write("revokeAccessKey", c -> {
                if (keys.ownerOf(c, accessKeyId).isEmpty()) {
                    throw new StoreException(Reason.NO_SUCH_ACCESS_KEY, "no such access key");
                }
                return keys.revoke(c, accessKeyId);
            });
        } finally {
            signingKeys.invalidate(accessKeyId);
        }
    }

    /** Sets or (null) clears the account's own quota. ACCOUNT_DELETED. */
    void setQuota(long accountId, Long quotaOverride) {
        tx.write("setQuota", c -> {
            requireLive(c, accountId);
            accounts.setQuota(c, accountId, quotaOverride);
            return null;
        });
    }

    /** NO_SUCH_PLAN, ACCOUNT_DELETED. */
    void setPlan(long accountId, String plan) {
        tx.write("setPlan", c -> {
            requireLive(c, accountId);
            accounts.setPlan(c, accountId, plan);
            return null;
        });
    }

    List<Plan> plans() {
        return tx.read("listPlans", plans::list);
    }

    /** Changes a plan's quota for every account on it without its own. NO_SUCH_PLAN. */
    void setPlanQuota(String plan, long quotaBytes) {
        tx.write("setPlanQuota", c -> {
            plans.setQuota(c, plan, quotaBytes);
            return null;
        });
    }

    void audit(String actor, String action, String subject, String detail) {
        tx.write("audit", c -> {
            audit.append(c, new AuditEntry(clock.instant(), actor, action, subject, detail));
            return null;
        });
    }

    /** The newest entries first. */
    List<AuditEntry> recentAudit(int limit) {
        return tx.read("recentAudit", c -> audit.recent(c, limit));
    }

    /** Locks the account row for the rest of the transaction. NO_SUCH_ACCOUNT, ACCOUNT_DELETED. */
    private void requireLive(Connection c, long accountId) throws SQLException {
        if (accounts.lockState(c, accountId) == AccountState.DELETED) {
            throw new StoreException(Reason.ACCOUNT_DELETED, "account is deleted");
        }
    }
}
