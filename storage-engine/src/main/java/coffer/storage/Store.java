package coffer.storage;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.Accounts;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.crypto.SecretSealer;
import coffer.storage.internal.blob.KmsLayer;
import coffer.storage.internal.catalog.Catalog;
import coffer.storage.internal.catalog.CommitOutcomeUnknownException;
import coffer.storage.internal.catalog.ObjectKeys;
import coffer.storage.internal.catalog.Reservation;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.quota.Quotas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The storage engine's facade: buckets, objects and multipart uploads as the S3 layer sees them
 * ({@link ObjectStorage}, each write one request record that carries its quota claim), accounts and access keys in
 * {@link #accounts()}, quotas in {@link #quotas()}, with object data in the {@link BlobEngine} and everything else
 * in the MariaDB {@link Catalog}.
 *
 * <p>Commit point: an object exists once its catalog transaction commits. Data is written (durably) first under a
 * fresh blob id, then published; a blob replaced or deleted is enqueued for {@link #collectGarbage} in the same
 * transaction and freed after the grace period, so readers that already hold the old row can finish.
 *
 * <p>Catalog failures are {@link StoreException}s; I/O failures of the body stream or the blob engine propagate
 * as the {@link IOException}s they are. Thread-safe.
 */
public final class Store implements ObjectStorage {
    /** S3's limit on a key's UTF-8 length. */
    public static final int MAX_KEY_BYTES = 1024;
    /** How long a quota reservation lives unless its gateway renews it. */
    public static final Duration DEFAULT_RESERVATION_LEASE = Duration.ofMinutes(2);
    /**
     * How long signing keys and buckets looked up by name are kept in memory: a key revoked, an account suspended or
     * deleted, or a bucket deleted through another gateway on the same database still works here for this long:
     * half a second, within the cluster's 1 s promise (docs/architecture.md, "Catalog round trips": why a TTL and
     * not an invalidation feed, and the delays measured by CrossGatewayCacheIT).
     */
    public static final Duration DEFAULT_LOOKUP_TTL = Duration.ofMillis(500);

    private final Catalog catalog;
    private final BucketSettings bucketSettings;
    private final ObjectLocks objectLocks;
    private final BlobEngine blobs;
    private final MultipartUploads multipart;
    private final Accounts accounts;
    private final Quotas quotas;
    private final KmsLayer kms;
    private final GarbageCollector garbage;
    private final GatewayIdentity gateway;

    /** A store from its parts; see {@link StoreBuilder} for which are required. */
    public static StoreBuilder builder() {
        return new StoreBuilder();
    }

    Store(DataSource db, BlobEngine blobs, SecretSealer sealer, Clock clock, SecureRandom random,
          Duration gcGrace, Duration reservationLease, Duration lookupTtl, MultipartLimits multipartLimits,
          GatewayIdentity gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.catalog = new Catalog(db, clock, gcGrace, lookupTtl);
        this.bucketSettings = new CatalogBucketSettings(catalog);
        this.objectLocks = new CatalogObjectLocks(catalog.locks());
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.kms = new KmsLayer(blobs);
        this.garbage = new GarbageCollector(catalog, this.blobs);
        this.quotas = new Quotas(db, clock, reservationLease, gateway.instance());
        this.accounts = new Accounts(db, catalog, quotas, sealer, clock, random, lookupTtl);
        this.multipart = new MultipartUploads(catalog.multipart(), blobs, random, multipartLimits, quotas, this);
    }

    /** This gateway: its name, and the instance name its reservations and leases carry in the catalog. */
    public GatewayIdentity gateway() {
        return gateway;
    }

    /** Quota reservations (S3 write path) and their reaper. */
    public Quotas quotas() {
        return quotas;
    }

    /** The catalog's lifecycle side, for the engine's lifecycle worker (docs/lifecycle.md). */
    public coffer.storage.internal.catalog.LifecycleCatalog lifecycleCatalog() {
        return catalog.lifecycle();
    }

    /** Accounts and their access keys: the one way to create, find, change and delete them. */
    public Accounts accounts() {
        return accounts;
    }

    /** Brings the catalog schema (Flyway) and the rows older versions wrote up to date; a no-op when they are. */
    public void migrate() {
        catalog.migrate();
        // Access key secrets sealed before V14 are re-sealed, accounts made before V15 get canonical ids.
        accounts.upgradeRows();
    }

    // --- buckets

    /** BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_ALREADY_EXISTS, NO_SUCH_ACCOUNT; decided by the database. */
    @Override
    public Bucket createBucket(long accountId, String name, String region) {
        return createBucket(accountId, name, region, false);
    }

    /** As above; with {@code objectLock}, object lock and versioning are enabled (docs/object-lock.md). */
    @Override
    public Bucket createBucket(long accountId, String name, String region, boolean objectLock) {
        if (name == null || name.isEmpty() || name.length() > 63
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("bucket name must be 1..63 ASCII characters");
        }
        return catalog.createBucket(accountId, name, Objects.requireNonNull(region, "region"), objectLock);
    }

    @Override
    public Optional<Bucket> findBucket(String name) {
        return catalog.findBucket(name);
    }

    /** The account's buckets, ordered by name. */
    @Override
    public List<Bucket> listBuckets(long accountId) {
        return catalog.listBuckets(accountId);
    }

    /** Counted on demand (a scan of the bucket's rows): for occasional reports, never per request. */
    @Override
    public BucketContents bucketContents(Bucket bucket) {
        return catalog.bucketContents(bucket.id());
    }

    /** BUCKET_NOT_EMPTY if any object remains, NO_SUCH_BUCKET if it is already gone. */
    @Override
    public void deleteBucket(Bucket bucket) {
        catalog.deleteBucket(bucket.id());
    }

    /** The buckets' ACLs and CORS configurations. */
    @Override
    public BucketSettings bucketSettings() {
        return bucketSettings;
    }

    @Override
    public ObjectLocks objectLocks() {
        return objectLocks;
    }

    // --- objects

    /**
     * Stores the request's body as its key, replacing any current object, if its condition holds on the current
     * row:
     * <ol>
     *   <li>the request's {@link QuotaClaim} is decided ({@link Quotas#claim}) before the body is read;</li>
     *   <li>the blob engine writes a new blob and forces it to disk;</li>
     *   <li>one catalog transaction publishes it (with the attributes, asked for now that the body has been read;
     *       with SSE-KMS the blob's data key is wrapped under the KMS key first), consuming the reservation, and
     *       enqueues the blob it replaces;</li>
     *   <li>the committed row is returned.</li>
     * </ol>
     * If step 3 fails for sure, the new blob is deleted; if the commit's outcome is unknown it is left for
     * reconciliation. Exceptions thrown by the stream propagate unchanged. KEY_TOO_LONG, NO_SUCH_BUCKET,
     * INSUFFICIENT_STORAGE (the blob store is full; nothing is published), QUOTA_EXCEEDED (the reservation, or the
     * growth beyond it at commit, does not fit), PRECONDITION_FAILED, NO_SUCH_KEY (If-Match on a missing key),
     * CONDITIONAL_REQUEST_CONFLICT (a concurrent writer created the key first).
     */
    @Override
    public ObjectRecord putObject(PutObject put) throws IOException {
        return quotas.claim(put.quota(), reservation -> publish(put, reservation));
    }

    private ObjectRecord publish(PutObject put, Reservation reservation) throws IOException {
        checkKey(put.key());
        StoredBlob blob;
        try {
            blob = blobs.write(put.body(), put.length(), 0, put.customerKey());
        } catch (InsufficientStorageException e) {
            throw new StoreException(Reason.INSUFFICIENT_STORAGE, "the blob store is full", e);
        }
        try {
            ObjectAttributes stored = put.attributes().get();
            return catalog.putObject(put.bucket().id(), put.key(), put.metadata(),
                    kms.wrap(blob, stored.encryption()), put.condition(), stored, reservation,
                    put.bucket().versioning());
        } catch (CommitOutcomeUnknownException e) {
            throw e;
        } catch (RuntimeException e) {
            try {
                blobs.delete(blob.id());
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public Optional<ObjectRecord> findObject(Bucket bucket, String key) {
        return catalog.findObject(bucket.id(), key);
    }

    /**
     * Plaintext bytes {@code first..last} (inclusive) of the object, decrypted as they are read; an empty object
     * gives an empty stream whatever the range. The object's customer key (SSE-C; null for none) is checked first,
     * even for an empty object: {@link CustomerKeyException} when it is missing, wrong, or given for an object that
     * has none. A single blob's read makes that check itself, eagerly, with the data key it unwraps anyway, so only
     * empty and multipart objects (whose parts open lazily) unwrap a key just to check it.
     */
    @Override
    public InputStream openObject(ObjectRecord object, long first, long last, CustomerKey customerKey)
            throws IOException {
        if (object.size() == 0 || object.isMultipart() || object.blobs().isEmpty()) {
            checkCustomerKey(object, customerKey);
        }
        if (object.size() == 0) {
            return InputStream.nullInputStream();
        }
        if (first < 0 || first > last || last >= object.size()) {
            throw new IllegalArgumentException("range outside the object");
        }
        List<StoredBlob> parts = kms.unwrap(object.blobs(), object.attributes().encryption());
        if (object.isMultipart()) {
            return new ManifestInputStream(blobs, parts, first, last, customerKey);
        }
        return blobs.read(parts.get(0), first, last, customerKey);
    }

    /**
     * Checks {@code customerKey} (null for none) against the object without reading its data (HeadObject, copy
     * sources): {@link CustomerKeyException} when it is missing, wrong, or not applicable. Every part of a
     * multipart object was written with the upload's key, so the first blob decides.
     */
    @Override
    public void checkCustomerKey(ObjectRecord object, CustomerKey customerKey) throws IOException {
        ObjectRecord loaded = object.blobs().isEmpty()
                ? catalog.findObject(object.bucketId(), object.key()).orElse(object) : object;
        if (!loaded.blobs().isEmpty()) {
            blobs.checkCustomerKey(kms.unwrap(loaded.blobs().get(0), loaded.attributes().encryption()),
                    customerKey);
        }
    }

    /**
     * CopyObject, consuming the request's {@link QuotaClaim}. A copy that needs no re-encryption (see
     * {@link CopyObject#reencrypts}) publishes the key naming the same blobs as the source, copying no data, and
     * keeps the source's checksum. One that does streams the source (opened with its customer key) into a new blob
     * written with the target's customer key and encryption, and keeps a FULL_OBJECT checksum of the source;
     * {@link CustomerKeyException} when the source's key does not fit. SOURCE_CHANGED when the source was replaced
     * meanwhile (read it again), NO_SUCH_KEY when it is gone, and the write conditions' outcomes.
     */
    @Override
    public ObjectRecord copyObject(CopyObject copy) throws IOException {
        return quotas.claim(copy.quota(), reservation -> {
            checkKey(copy.key());
            if (!copy.reencrypts()) {
                return catalog.copyObject(copy.source(), copy.bucket().id(), copy.key(), copy.metadata(),
                        copy.condition(), copy.acl(), copy.tags(), copy.encryption(), copy.lock(), reservation,
                        copy.bucket().versioning());
            }
            ObjectRecord source = copy.source();
            ObjectChecksum checksum = source.attributes().checksum();
            ObjectChecksum kept = checksum != null && ObjectChecksum.FULL_OBJECT.equals(checksum.type())
                    ? checksum : null;
            try (InputStream in = openObject(source, 0, Math.max(0, source.size() - 1), copy.sourceKey())) {
                return publish(PutObject.of(copy.bucket(), copy.key(), in, source.size())
                        .metadata(copy.metadata()).condition(copy.condition()).customerKey(copy.customerKey())
                        .attributes(new ObjectAttributes(kept, copy.acl(), copy.tags(), List.of(),
                                copy.encryption(), copy.lock())).build(), reservation);
            }
        });
    }

    /** Sets an object's ACL (see {@link ObjectAttributes#requireValidAcl}); NO_SUCH_KEY. Keeps Last-Modified. */
    @Override
    public void setObjectAcl(Bucket bucket, String key, String versionId, String acl) {
        if (versionId == null) {
            catalog.setObjectAcl(bucket.id(), key, ObjectAttributes.requireValidAcl(acl));
        } else {
            catalog.setVersionAcl(bucket.id(), key, versionId, ObjectAttributes.requireValidAcl(acl));
        }
    }

    /** Replaces an object's tags (empty: removes them); NO_SUCH_KEY. */
    @Override
    public void setObjectTags(Bucket bucket, String key, String versionId, Map<String, String> tags) {
        if (versionId == null) {
            catalog.setObjectTags(bucket.id(), key, tags);
        } else {
            catalog.setVersionTags(bucket.id(), key, versionId, tags);
        }
    }

    /** Multipart uploads: create, parts, complete, abort, listings, expiry. */
    @Override
    public MultipartUploads multipart() {
        return multipart;
    }

    /**
     * Removes the object if present and {@code condition} holds on it ({@link DeleteCondition#NONE}: always),
     * decided in the deleting transaction: PRECONDITION_FAILED otherwise. A missing key is not an error (nothing
     * is deleted). Its blob is freed after the grace period.
     */
    @Override
    public DeleteOutcome deleteObject(Bucket bucket, String key, DeleteCondition condition) {
        if (bucket.versioning().versioned()) {
            return catalog.deleteObject(bucket.id(), key, condition, bucket.versioning());
        }
        if (condition.isNone()) {
            catalog.deleteObject(bucket.id(), key);
        } else {
            catalog.deleteObject(bucket.id(), key, condition);
        }
        return DeleteOutcome.UNVERSIONED;
    }

    /**
     * Removes version {@code versionId} ({@code null} for the null version) for good, if it exists; when it was
     * the newest, the next newest becomes current again (docs/versioning.md). PRECONDITION_FAILED.
     */
    @Override
    public DeleteOutcome deleteVersion(Bucket bucket, String key, String versionId, DeleteCondition condition) {
        return catalog.deleteVersion(bucket.id(), key, versionId, condition);
    }

    /** Version {@code versionId} of the key ({@code null}: the null version), or its latest when null. */
    @Override
    public Optional<ObjectVersion> findVersion(Bucket bucket, String key, String versionId) {
        return catalog.findVersion(bucket.id(), key, versionId);
    }

    /**
     * One page of keys in UTF-8 byte order. {@code startAfter} is exclusive (a V1 marker, a V2 start-after or a
     * decoded continuation token, i.e. a previous page's {@code lastReturned}); {@code maxKeys} counts contents
     * and common prefixes together; 0 returns an empty, untruncated page.
     */
    @Override
    public ListPage listObjects(Bucket bucket, String prefix, String delimiter, String startAfter, int maxKeys) {
        return catalog.listObjects(bucket.id(), prefix, delimiter, startAfter, maxKeys);
    }

    /**
     * ListObjectVersions: one page of versions and delete markers (docs/versioning.md), after {@code keyMarker}
     * (all its versions, or those up to {@code versionIdMarker}).
     */
    @Override
    public VersionPage listVersions(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                    String versionIdMarker, int maxKeys) {
        return catalog.listVersions(bucket.id(), prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
    }

    // --- garbage collection

    /**
     * Frees up to {@code batch} blobs whose grace period has passed. A blob that fails to delete stays queued and
     * is retried after the claim's lease. Returns the number freed.
     */
    public int collectGarbage(int batch) {
        return garbage.collect(batch);
    }

    /**
     * Like {@link #collectGarbage(int)} for entries due at {@code asOf}: the engine's tests pass a later instant to
     * skip the grace period. Blobs still named by a row are never freed, whatever the instant.
     */
    int collectGarbage(int batch, Instant asOf) {
        return garbage.collect(batch, asOf);
    }

    static void checkKey(String key) {
        ObjectKeys.check(key, MAX_KEY_BYTES);
    }
}
