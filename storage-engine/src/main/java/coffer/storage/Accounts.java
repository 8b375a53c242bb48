package coffer.storage;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountDetails;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.AccountState;
import coffer.storage.accounts.AuditEntry;
import coffer.storage.accounts.CreatedAccount;
import coffer.storage.accounts.DeletionReport;
import coffer.storage.accounts.NewAccount;
import coffer.storage.accounts.Plan;
import coffer.storage.accounts.UsageDrift;
import coffer.storage.catalog.AccountCatalog;
import coffer.storage.catalog.Catalog;
import coffer.storage.catalog.SealedAccessKey;
import coffer.storage.crypto.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Account administration, reached through {@link Store#accounts()}: create, list, show, suspend, resume and delete
 * accounts; issue and revoke keys; quotas, plans, usage and its reconciliation; the audit trail.
 *
 * <p>Revocation and state changes take effect at once on this gateway (its signing key cache drops the account's
 * keys when the transaction commits, see {@link Store#findSigningKey}); other gateways on the same database keep
 * accepting the keys for at most {@link Store#DEFAULT_LOOKUP_TTL}. Deleting an account (1) marks it deleted and revokes its
 * keys in one transaction, then (2) deletes every object through the normal delete path, which queues each blob
 * for the garbage collector (the rows holding the wrapped data keys are gone: crypto-shredding), then (3) drops
 * its buckets, which aborts their uploads in progress the normal way (their parts' blobs are queued too), so their
 * names are free again, and (4) recomputes its usage. Deleting again finishes an
 * interrupted deletion. Thread-safe.
 */
public final class Accounts {
    private static final int PAGE = 1000;
    /** A write authenticated just before the deletion may still land in a bucket; go round again this often. */
    private static final int BUCKET_ATTEMPTS = 5;

    private final AccountCatalog catalog;
    private final Catalog objects;
    private final SecretSealer sealer;
    private final AccessKeyGenerator keyGenerator;

    Accounts(AccountCatalog catalog, Catalog objects, SecretSealer sealer, AccessKeyGenerator keyGenerator) {
        this.catalog = catalog;
        this.objects = objects;
        this.sealer = sealer;
        this.keyGenerator = keyGenerator;
    }

    /** Creates the account with a fresh key. ACCOUNT_ALREADY_EXISTS (name or legacy id), NO_SUCH_PLAN. */
    public CreatedAccount create(NewAccount account) {
        String id = keyGenerator.newAccessKeyId();
        String secret = keyGenerator.newSecretKey();
        catalog.createAccount(account, id, accountId -> seal(accountId, id, secret));
        AccountInfo info = require(account.name());
        return new CreatedAccount(info, new AccessKeyPair(id, secret, info.id()));
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

    /** See the class comment. NO_SUCH_ACCOUNT. */
    public DeletionReport delete(String name) {
        AccountInfo info = require(name);
        int revoked = 0;
        if (info.state() != AccountState.DELETED) {
            try {
                revoked = catalog.setState(info.id(), AccountState.DELETED);
            } catch (StoreException e) {
                if (e.reason() != Reason.ACCOUNT_DELETED) {
                    throw e;
                }
            }
        }
        int buckets = 0;
        long deleted = 0;
        for (Bucket bucket : objects.listBuckets(info.id())) {
            for (int attempt = 1; ; attempt++) {
                deleted += deleteAllObjects(bucket);
                try {
                    objects.deleteBucket(bucket.id());
                    buckets++;
                    break;
                } catch (StoreException e) {
                    if (e.reason() == Reason.NO_SUCH_BUCKET) {
                        break;
                    }
                    if (e.reason() != Reason.BUCKET_NOT_EMPTY || attempt == BUCKET_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
        catalog.reconcile(info.id(), info.name());
        return new DeletionReport(info.name(), revoked, buckets, deleted);
    }

    private long deleteAllObjects(Bucket bucket) {
        long deleted = 0;
        while (true) {
            // Always the first page: what this loop deleted is gone, so the next keys come first.
            ListPage page = objects.listObjects(bucket.id(), "", null, null, PAGE);
            for (ObjectRecord o : page.contents()) {
                if (objects.deleteObject(bucket.id(), o.key())) {
                    deleted++;
                }
            }
            if (!page.truncated() || page.contents().isEmpty()) {
                return deleted;
            }
        }
    }

    /** A fresh key for a live account. NO_SUCH_ACCOUNT, ACCOUNT_DELETED. */
    public AccessKeyPair createKey(String name) {
        AccountInfo info = require(name);
        String id = keyGenerator.newAccessKeyId();
        String secret = keyGenerator.newSecretKey();
        catalog.createAccessKey(info.id(), id, seal(info.id(), id, secret));
        return new AccessKeyPair(id, secret, info.id());
    }

    /** Effective for the next request. NO_SUCH_ACCESS_KEY; revoking twice is harmless. */
    public void revokeKey(String accessKeyId) {
        catalog.revokeAccessKey(accessKeyId);
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

    /** Recomputes every account's used bytes and object count from the object table; reports what it found. */
    public List<UsageDrift> reconcile() {
        return catalog.reconcileAll();
    }

    public void audit(String actor, String action, String subject, String detail) {
        catalog.audit(actor, action, subject, detail);
    }

    public List<AuditEntry> recentAudit(int limit) {
        return catalog.recentAudit(limit);
    }

    private AccountInfo require(String name) {
        return catalog.find(name).orElseThrow(() -> new StoreException(Reason.NO_SUCH_ACCOUNT, "no such account"));
    }

    private byte[] seal(long accountId, String accessKeyId, String secret) {
        return sealer.seal(secret.getBytes(StandardCharsets.UTF_8), SealedAccessKey.context(accountId, accessKeyId));
    }
}
