package coffer.storage.internal.catalog;

import coffer.storage.Bucket;
import coffer.storage.BucketContents;
import coffer.storage.DeleteCondition;
import coffer.storage.DeleteOutcome;
import coffer.storage.ListPage;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectVersion;
import coffer.storage.StoreException;
import coffer.storage.VersionPage;
import coffer.storage.Versioning;
import coffer.storage.WriteCondition;
import coffer.storage.blob.StoredBlob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The MariaDB catalog of buckets, objects, multipart uploads and the GC queue, over a plain
 * {@link DataSource}. Each write is one transaction; failures surface as {@link coffer.storage.StoreException}
 * (a lost or refused connection as {@code UNAVAILABLE}). Times come from the injected clock, stored in UTC with
 * millisecond precision. Buckets looked up by name are cached for a short time-to-live (see the constructor).
 * Thread-safe.
 */
public final class Catalog {
    /** How long a claimed GC entry stays invisible to other workers before it is offered again. */
    static final Duration GC_LEASE = Duration.ofMinutes(10);

    private final DataSource db;
    private final Transactions tx;
    private final Clock clock;
    private final Duration gcGrace;
    private final BucketDao buckets = new BucketDao();
    private final GcQueueDao gc = new GcQueueDao();
    private final ObjectDao objects = new ObjectDao(gc);
    private final VersionDao versions = new VersionDao(gc);
    private final VersionedObjects versioned = new VersionedObjects(objects, versions,
            new VersionIds(new java.security.SecureRandom()));
    private final ObjectLister lister = new ObjectLister();
    private final VersionLister versionLister = new VersionLister();
    private final UsageLedger usage = new UsageLedger();
    private final MultipartCatalog multipart;
    private final LockCatalog locks;
    private final LifecycleCatalog lifecycle;
    /** Buckets by name: every request reads one, and a bucket never changes, it is only deleted. */
    private final LookupCache<String, Bucket> bucketsByName;
    private final BucketSettingsCatalog settings;

    /** Without a bucket cache: every lookup reads the catalog. */
    public Catalog(DataSource db, Clock clock, Duration gcGrace) {
        this(db, clock, gcGrace, Duration.ZERO);
    }

    /**
     * {@code lookupTtl}: how long a bucket looked up by name is kept (see {@link LookupCache}); a bucket deleted
     * by another gateway can still be found here for that long.
     */
    public Catalog(DataSource db, Clock clock, Duration gcGrace, Duration lookupTtl) {
        this.db = Objects.requireNonNull(db, "db");
        this.bucketsByName = new LookupCache<>(clock, lookupTtl, 10_000);
        this.tx = new Transactions(db);
        this.settings = new BucketSettingsCatalog(tx, clock, lookupTtl);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (gcGrace.isNegative()) {
            throw new IllegalArgumentException("gc grace must not be negative");
        }
        this.gcGrace = gcGrace;
        this.multipart = new MultipartCatalog(tx, clock, gcGrace, objects, versioned, gc, usage);
        this.locks = new LockCatalog(tx, clock, gcGrace, buckets, objects, versions, versioned, usage,
                this::forgetBucket);
        this.lifecycle = new LifecycleCatalog(tx, clock, gcGrace, objects, versioned, usage);
    }

    /** Object lock (docs/object-lock.md), on the same database and clock. */
    public LockCatalog locks() {
        return locks;
    }

    /** Lifecycle configurations and expiry (docs/lifecycle.md), on the same database and clock. */
    public LifecycleCatalog lifecycle() {
        return lifecycle;
    }

    /** A bucket's ACL, CORS, documents and default encryption, on the same database and clock. */
    public BucketSettingsCatalog bucketSettings() {
        return settings;
    }

    /** Multipart uploads, on the same database and clock. */
    public MultipartCatalog multipart() {
        return multipart;
    }

    public void migrate() {
        CatalogSchema.migrate(db);
    }

    // --- buckets

    public Bucket createBucket(long ownerId, String name, String region) {
        return createBucket(ownerId, name, region, false);
    }

    /** With {@code objectLock}: object lock enabled, and so versioning (docs/object-lock.md). */
    public Bucket createBucket(long ownerId, String name, String region, boolean objectLock) {
        try {
            return tx.write("createBucket", c -> buckets.insert(c, ownerId, name, region, clock.instant(),
                    objectLock));
        } finally {
            // A bucket of this name deleted and created again elsewhere must not be served from the cache.
            bucketsByName.invalidate(name);
        }
    }

    /** The bucket, possibly as it was up to the lookup time-to-live ago (see the constructor). */
    public Optional<Bucket> findBucket(String name) {
        return bucketsByName.get(name, () -> tx.read("findBucket", c -> buckets.find(c, name)));
    }

    /** The account's buckets in name order. */
    public List<Bucket> listBuckets(long ownerId) {
        return tx.read("listBuckets", c -> buckets.listOwned(c, ownerId));
    }

    public BucketContents bucketContents(long bucketId) {
        return tx.read("bucketContents", c -> buckets.contents(c, bucketId));
    }

    public void deleteBucket(long bucketId) {
        try {
            // Open uploads do not keep a bucket alive (their rows would block the delete): abort them first, one
            // transaction each (Galera write-set limits), then any that a client started meanwhile with the bucket.
            // A bucket that still holds objects keeps its uploads: the delete will be refused.
            if (!tx.read("bucketHasObjects", c -> buckets.hasObjects(c, bucketId))) {
                multipart.abortEach(bucketId);
            }
            tx.write("deleteBucket", c -> {
                OptionalLong owner = usage.ownerOf(c, bucketId);
                MultipartCatalog.Removed removed = multipart.abortAll(c, bucketId, clock.instant());
                buckets.deleteIfEmpty(c, bucketId);
                if (owner.isPresent()) {
                    usage.giveBack(c, owner.getAsLong(), removed.charged(), removed.uploads());
                }
                return null;
            });
        } finally {
            forgetBucket(bucketId);
        }
    }

    /** Drops a bucket from the lookup cache: it was deleted, or a write found it gone. */
    private void forgetBucket(long bucketId) {
        bucketsByName.invalidateIf(b -> b.id() == bucketId);
    }

    // --- bucket settings

    /** Sets the bucket's versioning state (ENABLED or SUSPENDED); NO_SUCH_BUCKET. */
    public void setVersioning(long bucketId, Versioning versioning) {
        if (!versioning.versioned()) {
            throw new IllegalArgumentException("a bucket never goes back to unversioned");
        }
        try {
            tx.write("setVersioning", c -> {
                if (!buckets.setVersioning(c, bucketId, versioning)) {
                    throw new StoreException(StoreException.Reason.NO_SUCH_BUCKET, "no such bucket");
                }
                return null;
            });
        } finally {
            forgetBucket(bucketId);
        }
    }

    // --- objects

    /**
     * Publishes {@code blob} as {@code key}: one transaction that inserts or replaces the row, enqueues the
     * replaced blob, and moves the size (net of the replaced object) into the owner's usage, consuming
     * {@code reservation} (QUOTA_EXCEEDED if growth beyond it does not fit). Returns the row as committed. Throws
     * {@link CommitOutcomeUnknownException} when it cannot tell whether the row was published.
     */
    public ObjectRecord putObject(long bucketId, String key, ObjectMetadata metadata, StoredBlob blob,
                                  WriteCondition condition, ObjectAttributes attributes,
                                  Reservation reservation, Versioning versioning) {
        return forgettingGoneBucket(bucketId, () -> tx.write("putObject", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            ObjectRecord row = new ObjectRecord(bucketId, key, blob.size(), ObjectRows.hexMd5(blob), now, metadata,
                    List.of(blob), 0, attributes);
            return publish(c, row, condition, now.plus(gcGrace), reservation, versioning);
        }));
    }

    /**
     * Publishes {@code row} as PutObject does (see {@link ObjectDao#put}, or {@link VersionedObjects#put} in a
     * versioned bucket) and counts it; returns the row as published (a versioned one gets its id and time).
     */
    private ObjectRecord publish(Connection c, ObjectRecord row, WriteCondition condition, Instant gcDue,
                                 Reservation reservation, Versioning versioning) throws SQLException {
        if (!versioning.versioned()) {
            OptionalLong replaced = objects.put(c, row, condition, gcDue);
            countPut(c, row, replaced, reservation);
            return row;
        }
        VersionedObjects.Published published = versioned.put(c, row, condition, gcDue, versioning);
        VersionedObjects.Freed freed = published.freed();
        usage.publish(c, row.bucketId(), row.size() - freed.bytes(), 1 - freed.objects(), reservation);
        return published.row();
    }

    /**
     * Runs a write into bucket {@code bucketId}; when it finds the bucket gone (deleted by another gateway while
     * this one still had it cached), the bucket leaves the cache so that the next request sees NoSuchBucket.
     */
    private <T> T forgettingGoneBucket(long bucketId, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NO_SUCH_BUCKET) {
                forgetBucket(bucketId);
            }
            throw e;
        }
    }

    /** Usage of a published row: its size net of the one it replaced; one more object unless it replaced one. */
    private void countPut(Connection c, ObjectRecord row, OptionalLong replaced, Reservation reservation)
            throws SQLException {
        usage.publish(c, row.bucketId(), row.size() - replaced.orElse(0), replaced.isPresent() ? 0 : 1,
                reservation);
    }

    /**
     * CopyObject without copying data: one transaction that share-locks the source row (it must still be the
     * version {@code source} describes, else SOURCE_CHANGED or NO_SUCH_KEY) and publishes a row naming the same
     * blobs under {@code metadata}. While the lock is held the source's blobs cannot become unreferenced, so the
     * collector can never free a blob the new row names. The copy keeps the source's checksums and takes
     * {@code acl}, {@code tags} and {@code encryption}, which must use the source's key (the blobs are shared).
     */
    public ObjectRecord copyObject(ObjectRecord source, long bucketId, String key, ObjectMetadata metadata,
                                   WriteCondition condition, String acl, Map<String, String> tags,
                                   ObjectEncryption encryption, ObjectLock lock, Reservation reservation,
                                   Versioning versioning) {
        if (!encryption.sameKeyAs(source.attributes().encryption())) {
            throw new IllegalArgumentException("a copy that shares blobs keeps the source's KMS key");
        }
        return tx.write("copyObject", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            multipart.requireUnchanged(c, source);
            ObjectRecord row = new ObjectRecord(bucketId, key, source.size(), source.etag(), now, metadata,
                    source.blobs(), source.partCount(), source.attributes().withAcl(acl).withTags(tags).withEncryption(encryption).withLock(lock));
            // Usage is logical: a copy counts in full although it shares the source's blobs.
            return publish(c, row, condition, now.plus(gcGrace), reservation, versioning);
        });
    }

    public Optional<ObjectRecord> findObject(long bucketId, String key) {
        return tx.read("findObject", c -> objects.find(c, bucketId, key));
    }

    /** Sets the object's ACL (the S3 layer's encoding); NO_SUCH_KEY when it does not exist. */
    public void setObjectAcl(long bucketId, String key, String acl) {
        tx.write("setObjectAcl", c -> {
            if (!objects.setAcl(c, bucketId, key, acl)) {
                throw new StoreException(StoreException.Reason.NO_SUCH_KEY, "no such key");
            }
            return null;
        });
    }

    /** Replaces the object's tags; NO_SUCH_KEY when it does not exist. */
    public void setObjectTags(long bucketId, String key, Map<String, String> tags) {
        tx.write("setObjectTags", c -> {
            if (!objects.setTags(c, bucketId, key, tags)) {
                throw new StoreException(StoreException.Reason.NO_SUCH_KEY, "no such key");
            }
            return null;
        });
    }

    /** Sets the ACL of one version ("null": the null version); NO_SUCH_KEY when it is missing or a marker. */
    public void setVersionAcl(long bucketId, String key, String versionId, String acl) {
        tx.write("setObjectAcl", c -> {
            if (!versions.update(c, bucketId, key, versionId, "acl", acl)) {
                throw new StoreException(StoreException.Reason.NO_SUCH_KEY, "no such version");
            }
            return null;
        });
    }

    /** Replaces the tags of one version; NO_SUCH_KEY when it is missing or a marker. */
    public void setVersionTags(long bucketId, String key, String versionId, Map<String, String> tags) {
        tx.write("setObjectTags", c -> {
            if (!versions.update(c, bucketId, key, versionId, "tags",
                    UserMetadataCodec.encode(new java.util.TreeMap<>(tags)))) {
                throw new StoreException(StoreException.Reason.NO_SUCH_KEY, "no such version");
            }
            return null;
        });
    }

    /**
     * Removes the row, enqueues its blob and gives its size back to the owner's usage; a missing key is not an
     * error. Returns whether a row existed.
     */
    public boolean deleteObject(long bucketId, String key) {
        return deleteObject(bucketId, key, DeleteCondition.NONE);
    }

    /** As above if {@code condition} holds on the locked row: PRECONDITION_FAILED otherwise. */
    public boolean deleteObject(long bucketId, String key, DeleteCondition condition) {
        return tx.write("deleteObject", c -> {
            Instant now = clock.instant();
            OptionalLong removed = objects.delete(c, bucketId, key, condition, now, now.plus(gcGrace));
            if (removed.isPresent()) {
                usage.publish(c, bucketId, -removed.getAsLong(), -1, Reservation.NONE);
            }
            return removed.isPresent();
        });
    }

    /**
     * DeleteObject in a versioned bucket: a delete marker becomes the key's newest version
     * ({@link VersionedObjects#delete}).
     */
    public DeleteOutcome deleteObject(long bucketId, String key, DeleteCondition condition, Versioning versioning) {
        return forgettingGoneBucket(bucketId, () -> tx.write("deleteObject", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            return count(c, bucketId, versioned.delete(c, bucketId, key, condition, now, now.plus(gcGrace),
                    versioning));
        }));
    }

    /** Removes one version for good ({@link VersionedObjects#deleteVersion}); {@code versionId} may be "null". */
    public DeleteOutcome deleteVersion(long bucketId, String key, String versionId, DeleteCondition condition) {
        return tx.write("deleteVersion", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            return count(c, bucketId, versioned.deleteVersion(c, bucketId, key, versionId, condition, now,
                    now.plus(gcGrace)));
        });
    }

    private DeleteOutcome count(Connection c, long bucketId, VersionedObjects.Deleted deleted) throws SQLException {
        VersionedObjects.Freed freed = deleted.freed();
        if (freed.objects() > 0 || freed.bytes() > 0) {
            usage.publish(c, bucketId, -freed.bytes(), -freed.objects(), Reservation.NONE);
        }
        return deleted.outcome();
    }

    /**
     * Version {@code versionId} of the key ("null": the null version), or its latest version (a delete marker
     * too) when {@code versionId} is null.
     */
    public Optional<ObjectVersion> findVersion(long bucketId, String key, String versionId) {
        return tx.read("findVersion", c -> {
            Optional<ObjectRecord> current = objects.find(c, bucketId, key);
            if (current.isPresent() && (versionId == null || versionId.equals(current.get().wireVersionId()))) {
                return Optional.of(ObjectVersion.of(current.get(), true));
            }
            return versions.find(c, bucketId, key, versionId, current.isEmpty());
        });
    }

    /**
     * Shreds every stored (noncurrent) version and delete marker of the bucket, in transactions of up to 1,000
     * rows, queueing their blobs and giving their usage back (account deletion). Returns how many it removed.
     */
    public long purgeVersions(long bucketId) {
        long total = 0;
        while (true) {
            VersionedObjects.Purged purged = tx.write("purgeVersions", c -> {
                Instant now = clock.instant();
                VersionedObjects.Purged p = versioned.purge(c, bucketId, 1_000, now, now.plus(gcGrace));
                if (p.freed().objects() > 0 || p.freed().bytes() > 0) {
                    usage.publish(c, bucketId, -p.freed().bytes(), -p.freed().objects(), Reservation.NONE);
                }
                return p;
            });
            if (purged.versions() == 0) {
                return total;
            }
            total += purged.versions();
        }
    }

    /** ListObjectVersions: see {@link VersionLister}; {@code maxKeys} counts versions, markers and prefixes. */
    public VersionPage listVersions(long bucketId, String prefix, String delimiter, String keyMarker,
                                    String versionIdMarker, int maxKeys) {
        return tx.read("listVersions", c -> versionLister.list(c, bucketId, prefix, delimiter, keyMarker,
                versionIdMarker, maxKeys));
    }

    /** See {@link ObjectLister}; {@code maxKeys} counts contents and common prefixes together. */
    public ListPage listObjects(long bucketId, String prefix, String delimiter, String startAfter, int maxKeys) {
        return tx.read("listObjects", c -> lister.list(c, bucketId, prefix, delimiter, startAfter, maxKeys));
    }

    // --- garbage collection

    /** Claims up to {@code limit} due entries for {@link #GC_LEASE}. */
    public List<GcEntry> claimGarbage(int limit) {
        return claimGarbage(limit, clock.instant());
    }

    /** Claims entries due at {@code asOf} (tests pass a later instant to skip the grace period). */
    public List<GcEntry> claimGarbage(int limit, Instant asOf) {
        return tx.write("claimGarbage", c -> gc.claim(c, limit, asOf, clock.instant().plus(GC_LEASE)));
    }

    /** Removes an entry whose blob has been freed. */
    public void forgetGarbage(long entryId) {
        tx.write("forgetGarbage", c -> {
            gc.remove(c, entryId);
            return null;
        });
    }
}
