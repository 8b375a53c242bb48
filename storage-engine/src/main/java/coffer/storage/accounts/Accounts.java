package coffer.storage.accounts;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.catalog.Catalog;
import coffer.storage.crypto.SecretSealer;
import coffer.storage.quota.Quotas;
import coffer.storage.quota.UsageDrift;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one way to create, find, change and delete accounts and their access keys, reached through
 * {@code Store.accounts()} (the admin API, the first start, the S3 layer's key lookup and its ACL grantees all use
 * it). Its rules (docs/accounts.md): names as {@link NewAccount} says; an account is created with its first key in
 * one transaction; a deleted account is final: it changes no more and gets no new key (ACCOUNT_DELETED), and its
 * keys no longer sign; a suspended one keeps its keys, may get new ones, and signs reads only.
 *
 * <p>Revocation and state changes take effect at once on this gateway (its signing key cache drops the account's
 * keys when the transaction commits); other gateways on the same database keep accepting the keys for at most the
 * lookup time-to-live ({@code Store.DEFAULT_LOOKUP_TTL}). Deleting an account: see {@link AccountDeletion}.
 * Quotas, plans, usage reconciliation and the audit trail are administered here too; the quota rules themselves
 * live in {@link Quotas}. Thread-safe.
 */
public final class Accounts {
    private final AccountCatalog catalog;
    private final AccessKeySecrets secrets;
    private final AccountDeletion deletion;
    private final Quotas quotas;

    /**
     * {@code objects}: the catalog an account's buckets and objects are deleted through; {@code lookupTtl}: how long
     * a signing key is kept in memory (zero: every lookup reads the catalog).
     */
    public Accounts(DataSource db, Catalog objects, Quotas quotas, SecretSealer sealer, Clock clock,
                    SecureRandom random, Duration lookupTtl) {
        this.catalog = new AccountCatalog(Objects.requireNonNull(db, "db"), Objects.requireNonNull(clock, "clock"),
                lookupTtl);
        this.secrets = new AccessKeySecrets(catalog, Objects.requireNonNull(sealer, "sealer"),
                new AccessKeyGenerator(Objects.requireNonNull(random, "random")));
        this.quotas = Objects.requireNonNull(quotas, "quotas");
        this.deletion = new AccountDeletion(catalog, Objects.requireNonNull(objects, "objects"), quotas);
    }

    /**
     * Brings rows written by older versions up to date, after the schema migrations: re-seals access key secrets
     * sealed before V14 ({@link LegacySecretUpgrade}) and gives accounts made before V15 their canonical ids. A
     * no-op once done.
     */
    public void upgradeRows() {
        secrets.upgradeLegacySeals();
        catalog.backfillCanonicalIds();
    }

    /** Whether any account exists, deleted ones included. */
    public boolean any() {
        return catalog.any();
    }

    /** Creates the account with a fresh key. ACCOUNT_ALREADY_EXISTS (name or legacy id), NO_SUCH_PLAN. */
    public CreatedAccount create(NewAccount account) {
        return create(account, null, null);
    }

    /**
     * Creates the account with the key {@code accessKeyId} / {@code secretKey} (null: generated; see
     * {@link #createKey(String, String, String)}), both in one transaction. ACCOUNT_ALREADY_EXISTS, NO_SUCH_PLAN,
     * ACCESS_KEY_ALREADY_EXISTS.
     */
    public CreatedAccount create(NewAccount account, String accessKeyId, String secretKey) {
        AccessKeyPair key = secrets.choose(accessKeyId, secretKey);
        long id = catalog.createAccount(account, key.accessKeyId(), accountId -> secrets.seal(key, accountId));
        AccountInfo info = catalog.findById(id).orElseThrow(Accounts::noSuchAccount);
        return new CreatedAccount(info, new AccessKeyPair(key.accessKeyId(), key.secretKey(), id));
    }

    /** Every account, deleted ones included, ordered by name. */
    public List<AccountInfo> list() {
        return catalog.list();
    }

    public Optional<AccountInfo> find(String name) {
        return catalog.find(name);
    }

    public Optional<AccountInfo> findById(long accountId) {
        return catalog.findById(accountId);
    }

    /**
     * The account's canonical user id: 64 random lowercase hex digits, fixed for the account's life and unrelated to
     * its sequential id (docs/s3-behaviour.md); empty for no such account.
     */
    public Optional<String> canonicalId(long accountId) {
        return catalog.canonicalId(accountId);
    }

    /** The account (any state) whose canonical user id is {@code canonicalId}. */
    public Optional<AccountInfo> findByCanonicalId(String canonicalId) {
        return catalog.findByCanonicalId(canonicalId);
    }

    /** Every account (deleted ones included) whose e-mail address is {@code email}, ignoring case, by id. */
    public List<AccountInfo> findByEmail(String email) {
        return catalog.findByEmail(email);
    }

    public Optional<AccountInfo> findByLegacyId(String legacyId) {
        return catalog.findByLegacyId(legacyId);
    }

    /** NO_SUCH_ACCOUNT. */
    public AccountDetails show(String name) {
        AccountInfo info = require(name);
        return new AccountDetails(info, catalog.keys(info.id()));
    }

    /** Read-only from now on. NO_SUCH_ACCOUNT, ACCOUNT_DELETED. */
    public AccountInfo suspend(String name) {
        catalog.setState(require(name).id(), AccountState.SUSPENDED);
        return require(name);
    }

    /** Active again. NO_SUCH_ACCOUNT, ACCOUNT_DELETED. */
    public AccountInfo resume(String name) {
        catalog.setState(require(name).id(), AccountState.ACTIVE);
        return require(name);
    }

    /** See {@link AccountDeletion}. NO_SUCH_ACCOUNT. */
    public DeletionReport delete(String name) {
        return deletion.delete(require(name));
    }

    /** A fresh key for a live account. NO_SUCH_ACCOUNT, ACCOUNT_DELETED. */
    public AccessKeyPair createKey(String name) {
        return createKey(name, null, null);
    }

    /**
     * Issues {@code accessKeyId} with {@code secretKey} to a live account; a null one is generated (an id of 20
     * characters starting with {@code CF}, a secret of 40). The id must be 1..128 ASCII characters, the secret
     * non-empty. The secret is stored sealed, never in clear. NO_SUCH_ACCOUNT, ACCOUNT_DELETED,
     * ACCESS_KEY_ALREADY_EXISTS.
     */
    public AccessKeyPair createKey(String name, String accessKeyId, String secretKey) {
        AccessKeyPair key = secrets.choose(accessKeyId, secretKey);
        long accountId = require(name).id();
        catalog.createAccessKey(accountId, key.accessKeyId(), secrets.seal(key, accountId));
        return new AccessKeyPair(key.accessKeyId(), key.secretKey(), accountId);
    }

    /** Effective for the next request. NO_SUCH_ACCESS_KEY; revoking twice is harmless. */
    public void revokeKey(String accessKeyId) {
        catalog.revokeAccessKey(accessKeyId);
    }

    /**
     * The key that signed a request: an active key of an active or suspended account (which may only read), with
     * its secret unsealed. Keys revoked and accounts suspended or deleted through this gateway take effect from the
     * next call on; through another gateway, within the lookup time-to-live. A key whose sealed secret does not open
     * for the account its row names (re-pointed, altered) is not found, and logged.
     */
    public Optional<SigningKey> findSigningKey(String accessKeyId) {
        return secrets.findSigning(accessKeyId);
    }

    /** Sets the account's own quota, or (null) goes back to the plan's. NO_SUCH_ACCOUNT, ACCOUNT_DELETED. */
    public AccountInfo setQuota(String name, Long quotaBytes) {
        if (quotaBytes != null && quotaBytes < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
        catalog.setQuota(require(name).id(), quotaBytes);
        return require(name);
    }

    /** NO_SUCH_ACCOUNT, NO_SUCH_PLAN, ACCOUNT_DELETED. */
    public AccountInfo setPlan(String name, String plan) {
        catalog.setPlan(require(name).id(), plan);
        return require(name);
    }

    public List<Plan> plans() {
        return catalog.plans();
    }

    /** NO_SUCH_PLAN. */
    public void setPlanQuota(String plan, long quotaBytes) {
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
        catalog.setPlanQuota(plan, quotaBytes);
    }

    /** Recomputes every account's used bytes and object count ({@link Quotas#reconcile()}); reports the drift. */
    public List<UsageDrift> reconcile() {
        return quotas.reconcile();
    }

    public void audit(String actor, String action, String subject, String detail) {
        catalog.audit(actor, action, subject, detail);
    }

    public List<AuditEntry> recentAudit(int limit) {
        return catalog.recentAudit(limit);
    }

    private AccountInfo require(String name) {
        return catalog.find(name).orElseThrow(Accounts::noSuchAccount);
    }

    private static StoreException noSuchAccount() {
        return new StoreException(Reason.NO_SUCH_ACCOUNT, "no such account");
    }
}
