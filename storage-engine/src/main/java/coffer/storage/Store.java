package coffer.storage;

import coffer.storage.StoreException.Reason;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.accounts.Accounts;
import coffer.storage.catalog.Catalog;
import coffer.storage.catalog.CommitOutcomeUnknownException;
import coffer.storage.crypto.SecretSealer;
import coffer.storage.multipart.ManifestInputStream;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.multipart.MultipartUploads;
import coffer.storage.quota.Quotas;
import coffer.storage.quota.Reservation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The storage engine's facade, the only class the S3 layer talks to: buckets and objects here, accounts and access
 * keys in {@link #accounts()}, quotas in {@link #quotas()},
 * with object data in the {@link BlobEngine} and everything else in the MariaDB {@link Catalog}.
 *
 * <p>Commit point: an object exists once its catalog transaction commits. Data is written (durably) first under a
 * fresh blob id, then published; a blob replaced or deleted is enqueued for {@link #collectGarbage} in the same
 * transaction and freed after the grace period, so readers that already hold the old row can finish.
 *
 * <p>Catalog failures are {@link StoreException}s; I/O failures of the body stream or the blob engine propagate
 * as the {@link IOException}s they are. Thread-safe.
 */
public final class Store {
    /** S3's limit on a key's UTF-8 length. */
    public static final int MAX_KEY_BYTES = 1024;
    /** How long a quota reservation lives unless its gateway renews it. */
    public static final Duration DEFAULT_RESERVATION_LEASE = Duration.ofMinutes(2);
    /**
     * How long signing keys and buckets looked up by name are kept in memory: a key revoked, an account suspended or
     * deleted, or a bucket deleted through another gateway on the same database still works here for this long
     * (docs/architecture.md, "Catalog round trips").
     */
    public static final Duration DEFAULT_LOOKUP_TTL = Duration.ofSeconds(2);

    private final Catalog catalog;
    private final BucketSettings bucketSettings;
    private final BlobEngine blobs;
    private final MultipartStore multipartStore;
    private final Accounts accounts;
    private final Quotas quotas;
    private final KmsLayer kms;
    private final GarbageCollector garbage;

    public Store(DataSource db, BlobEngine blobs, SecretSealer sealer, Clock clock, SecureRandom random,
                 Duration gcGrace) {
        this(db, blobs, sealer, clock, random, gcGrace, DEFAULT_RESERVATION_LEASE);
    }

    /** {@code reservationLease}: see {@link Quotas}; this gateway instance gets a fresh random name. */
    public Store(DataSource db, BlobEngine blobs, SecretSealer sealer, Clock clock, SecureRandom random,
                 Duration gcGrace, Duration reservationLease) {
        this(db, blobs, sealer, clock, random, gcGrace, reservationLease, DEFAULT_LOOKUP_TTL);
    }

    /** {@code lookupTtl}: see {@link #DEFAULT_LOOKUP_TTL}; zero reads the catalog for every lookup. */
    public Store(DataSource db, BlobEngine blobs, SecretSealer sealer, Clock clock, SecureRandom random,
                 Duration gcGrace, Duration reservationLease, Duration lookupTtl) {
        this(db, blobs, sealer, clock, random, gcGrace, reservationLease, lookupTtl, MultipartLimits.DEFAULTS);
    }

    /** {@code multipartLimits}: open uploads per account and their expiry. */
    public Store(DataSource db, BlobEngine blobs, SecretSealer sealer, Clock clock, SecureRandom random,
                 Duration gcGrace, Duration reservationLease, Duration lookupTtl, MultipartLimits multipartLimits) {
        this.catalog = new Catalog(db, clock, gcGrace, lookupTtl);
        this.bucketSettings = new BucketSettings(catalog);
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.kms = new KmsLayer(blobs);
        this.garbage = new GarbageCollector(catalog, this.blobs);
        this.multipartStore = new MultipartStore(new MultipartUploads(catalog.multipart(), blobs, random,
                multipartLimits), this);
        this.quotas = new Quotas(db, clock, reservationLease, gatewayId(Objects.requireNonNull(random, "random")));
        this.accounts = new Accounts(db, catalog, quotas, sealer, clock, random, lookupTtl);
    }

    /** {@code pid-random}: unique per gateway process start, so a restarted gateway never renews a dead one's. */
    private static String gatewayId(SecureRandom random) {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        return ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(nonce);
    }

    /** Quota reservations (S3 write path) and their reaper. */
    public Quotas quotas() {
        return quotas;
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
    public Bucket createBucket(long accountId, String name, String region) {
        if (name == null || name.isEmpty() || name.length() > 63
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("bucket name must be 1..63 ASCII characters");
        }
        return catalog.createBucket(accountId, name, Objects.requireNonNull(region, "region"));
    }

    public Optional<Bucket> findBucket(String name) {
        return catalog.findBucket(name);
    }

    /** The account's buckets, ordered by name. */
    public List<Bucket> listBuckets(long accountId) {
        return catalog.listBuckets(accountId);
    }

    /** Counted on demand (a scan of the bucket's rows): for occasional reports, never per request. */
    public BucketContents bucketContents(Bucket bucket) {
        return catalog.bucketContents(bucket.id());
    }

    /** BUCKET_NOT_EMPTY if any object remains, NO_SUCH_BUCKET if it is already gone. */
    public void deleteBucket(Bucket bucket) {
        catalog.deleteBucket(bucket.id());
    }

    /** The buckets' ACLs and CORS configurations. */
    public BucketSettings bucketSettings() {
        return bucketSettings;
    }

    // --- objects

    /**
     * Stores {@code length} bytes from {@code plaintext} as {@code key}, replacing any current object:
     * <ol>
     *   <li>the blob engine writes a new blob and forces it to disk;</li>
     *   <li>one catalog transaction publishes it and enqueues the blob it replaces;</li>
     *   <li>the committed row is returned.</li>
     * </ol>
     * If step 2 fails for sure, the new blob is deleted; if the commit's outcome is unknown it is left for
     * reconciliation. Exceptions thrown by the stream propagate unchanged. KEY_TOO_LONG, NO_SUCH_BUCKET,
     * INSUFFICIENT_STORAGE (the blob store is full; nothing is published).
     * {@code length} may be {@link BlobEngine#UNKNOWN_LENGTH}: the stream is then read to its end.
     */
    public ObjectRecord putObject(Bucket bucket, String key, ObjectMetadata metadata, InputStream plaintext,
                                  long length) throws IOException {
        return putObject(bucket, key, metadata, plaintext, length, WriteCondition.NONE);
    }

    /**
     * {@link #putObject(Bucket, String, ObjectMetadata, InputStream, long)} if {@code condition} holds on the
     * current row, decided in the publishing transaction: PRECONDITION_FAILED, NO_SUCH_KEY (If-Match on a missing
     * key), CONDITIONAL_REQUEST_CONFLICT (a concurrent writer created the key first). The new blob is then deleted.
     */
    public ObjectRecord putObject(Bucket bucket, String key, ObjectMetadata metadata, InputStream plaintext,
                                  long length, WriteCondition condition) throws IOException {
        return putObject(bucket, key, metadata, plaintext, length, condition, () -> ObjectAttributes.DEFAULT,
                Reservation.NONE);
    }

    /** As above, consuming {@code reservation}. */
    public ObjectRecord putObject(Bucket bucket, String key, ObjectMetadata metadata, InputStream plaintext,
                                  long length, WriteCondition condition, Reservation reservation)
            throws IOException {
        return putObject(bucket, key, metadata, plaintext, length, condition, () -> ObjectAttributes.DEFAULT,
                reservation);
    }

    /** As above, with the object's attributes (see below) and no reservation. */
    public ObjectRecord putObject(Bucket bucket, String key, ObjectMetadata metadata, InputStream plaintext,
                                  long length, WriteCondition condition, Supplier<ObjectAttributes> attributes)
            throws IOException {
        return putObject(bucket, key, metadata, plaintext, length, condition, attributes, Reservation.NONE);
    }

    /**
     * {@link #putObject(Bucket, String, ObjectMetadata, InputStream, long, WriteCondition)} with the object's
     * checksum, ACL and tags, which {@code attributes} gives once the body has been read to its end (checksums
     * are known only then), the publishing transaction consuming {@code reservation} (see {@link Quotas});
     * QUOTA_EXCEEDED if the object's growth of the account's usage is larger than the reservation and does not
     * fit.
     */
    public ObjectRecord putObject(Bucket bucket, String key, ObjectMetadata metadata, InputStream plaintext,
                                  long length, WriteCondition condition, Supplier<ObjectAttributes> attributes,
                                  Reservation reservation)
            throws IOException {
        return putObject(bucket, key, metadata, plaintext, length, condition, attributes, reservation, null);
    }

    /**
     * As above; a non-null {@code customerKey} (SSE-C) encrypts the object so that it can be read only with that
     * key again (see {@link #openObject(ObjectRecord, long, long, CustomerKey)}). With SSE-KMS attributes
     * ({@link ObjectAttributes#encryption()}) the blob's data key is wrapped under the KMS key before publishing.
     */
    public ObjectRecord putObject(Bucket bucket, String key, ObjectMetadata metadata, InputStream plaintext,
                                  long length, WriteCondition condition, Supplier<ObjectAttributes> attributes,
                                  Reservation reservation, CustomerKey customerKey)
            throws IOException {
        checkKey(key);
        Objects.requireNonNull(metadata, "metadata");
        if (length < 0 && length != BlobEngine.UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length must not be negative");
        }
        StoredBlob blob;
        try {
            blob = blobs.write(plaintext, length, 0, customerKey);
        } catch (InsufficientStorageException e) {
            throw new StoreException(Reason.INSUFFICIENT_STORAGE, "the blob store is full", e);
        }
        try {
            ObjectAttributes stored = attributes.get();
            return catalog.putObject(bucket.id(), key, metadata, kms.wrap(blob, stored.encryption()), condition,
                    stored, reservation);
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

    public Optional<ObjectRecord> findObject(Bucket bucket, String key) {
        return catalog.findObject(bucket.id(), key);
    }

    /**
     * Plaintext bytes {@code first..last} (inclusive) of the object, decrypted as they are read. An empty object
     * gives an empty stream whatever the range.
     */
    public InputStream openObject(ObjectRecord object, long first, long last) throws IOException {
        return openObject(object, first, last, null);
    }

    /**
     * As above with the object's customer key (SSE-C; null for none), which is checked first, even for an empty
     * object: {@link CustomerKeyException} when it is missing, wrong, or given for an object that has none. A
     * single blob's read makes that check itself, eagerly, with the data key it unwraps anyway, so only empty and
     * multipart objects (whose parts open lazily) unwrap a key just to check it.
     */
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
    public void checkCustomerKey(ObjectRecord object, CustomerKey customerKey) throws IOException {
        ObjectRecord loaded = object.blobs().isEmpty()
                ? catalog.findObject(object.bucketId(), object.key()).orElse(object) : object;
        if (!loaded.blobs().isEmpty()) {
            blobs.checkCustomerKey(kms.unwrap(loaded.blobs().get(0), loaded.attributes().encryption()),
                    customerKey);
        }
    }

    /**
     * CopyObject: publishes {@code key} naming the same blobs as {@code source} (read by the caller, who checked
     * the copy conditions on it) with {@code metadata}; no data is copied. SOURCE_CHANGED when the source was
     * replaced meanwhile (read it again), NO_SUCH_KEY when it is gone, and the {@link WriteCondition} outcomes.
     */
    public ObjectRecord copyObject(ObjectRecord source, Bucket bucket, String key, ObjectMetadata metadata,
                                   WriteCondition condition) {
        return copyObject(source, bucket, key, metadata, condition, Reservation.NONE);
    }

    /** As above, consuming {@code reservation}; the copy is private and keeps the source's tags. */
    public ObjectRecord copyObject(ObjectRecord source, Bucket bucket, String key, ObjectMetadata metadata,
                                   WriteCondition condition, Reservation reservation) {
        return copyObject(source, bucket, key, metadata, condition, ObjectAttributes.PRIVATE,
                source.attributes().tags(), reservation);
    }

    /** As above, with no reservation; the copy keeps the source's checksum and gets {@code acl} and {@code tags}. */
    public ObjectRecord copyObject(ObjectRecord source, Bucket bucket, String key, ObjectMetadata metadata,
                                   WriteCondition condition, String acl, Map<String, String> tags) {
        return copyObject(source, bucket, key, metadata, condition, acl, tags, Reservation.NONE);
    }

    /**
     * The copy keeps the source's checksum, gets {@code acl} and {@code tags}, and counts in full in the
     * account's usage (usage is logical), consuming {@code reservation}.
     */
    public ObjectRecord copyObject(ObjectRecord source, Bucket bucket, String key, ObjectMetadata metadata,
                                   WriteCondition condition, String acl, Map<String, String> tags,
                                   Reservation reservation) {
        return copyObject(source, bucket, key, metadata, condition, acl, tags, source.attributes().encryption(),
                reservation);
    }

    /**
     * As above, the copy getting {@code encryption}, which must use the source's KMS key (or none, as the source):
     * see {@link ObjectEncryption#sameKeyAs}; otherwise use {@link #copyObjectReencrypted}.
     */
    public ObjectRecord copyObject(ObjectRecord source, Bucket bucket, String key, ObjectMetadata metadata,
                                   WriteCondition condition, String acl, Map<String, String> tags,
                                   ObjectEncryption encryption, Reservation reservation) {
        checkKey(key);
        return catalog.copyObject(source, bucket.id(), key, metadata, condition, acl, tags, encryption,
                reservation);
    }

    /**
     * CopyObject that re-encrypts: streams {@code source} (opened with {@code sourceKey}, null for none) into a new
     * blob for {@code key} written with {@code targetKey} (null for none) and {@code encryption}. Used when either
     * side is SSE-C (an SSE-C blob's key depends on its customer key) or the sides use different KMS keys. The copy
     * keeps a FULL_OBJECT checksum of the source, gets {@code acl} and {@code tags}, and consumes
     * {@code reservation}; {@link CustomerKeyException} when {@code sourceKey} does not fit, and the write conditions.
     */
    public ObjectRecord copyObjectReencrypted(ObjectRecord source, CustomerKey sourceKey, Bucket bucket, String key,
                                              ObjectMetadata metadata, WriteCondition condition, String acl,
                                              Map<String, String> tags, Reservation reservation,
                                              CustomerKey targetKey, ObjectEncryption encryption)
            throws IOException {
        checkKey(key);
        ObjectChecksum checksum = source.attributes().checksum();
        ObjectChecksum kept = checksum != null && ObjectChecksum.FULL_OBJECT.equals(checksum.type()) ? checksum : null;
        try (InputStream in = openObject(source, 0, Math.max(0, source.size() - 1), sourceKey)) {
            return putObject(bucket, key, metadata, in, source.size(), condition,
                    () -> new ObjectAttributes(kept, acl, tags, List.of(), encryption), reservation, targetKey);
        }
    }

    /** Sets an object's ACL (see {@link ObjectAttributes#requireValidAcl}); NO_SUCH_KEY. Keeps Last-Modified. */
    public void setObjectAcl(Bucket bucket, String key, String acl) {
        catalog.setObjectAcl(bucket.id(), key, ObjectAttributes.requireValidAcl(acl));
    }

    /** Replaces an object's tags (empty: removes them); NO_SUCH_KEY. */
    public void setObjectTags(Bucket bucket, String key, Map<String, String> tags) {
        catalog.setObjectTags(bucket.id(), key, tags);
    }

    /** Multipart uploads: create, parts, complete, abort, listings. */
    public MultipartStore multipart() {
        return multipartStore;
    }

    /** Removes the object if present; a missing key is not an error. Its blob is freed after the grace period. */
    public void deleteObject(Bucket bucket, String key) {
        catalog.deleteObject(bucket.id(), key);
    }

    /**
     * Deletes the object if {@code condition} holds on it, decided in the deleting transaction:
     * PRECONDITION_FAILED otherwise. A missing key is not an error (nothing is deleted).
     */
    public void deleteObject(Bucket bucket, String key, DeleteCondition condition) {
        catalog.deleteObject(bucket.id(), key, condition);
    }

    /**
     * One page of keys in UTF-8 byte order. {@code startAfter} is exclusive (a V1 marker, a V2 start-after or a
     * decoded continuation token, i.e. a previous page's {@code lastReturned}); {@code maxKeys} counts contents
     * and common prefixes together; 0 returns an empty, untruncated page.
     */
    public ListPage listObjects(Bucket bucket, String prefix, String delimiter, String startAfter, int maxKeys) {
        return catalog.listObjects(bucket.id(), prefix, delimiter, startAfter, maxKeys);
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
     * Like {@link #collectGarbage(int)} for entries due at {@code asOf}: tests pass a later instant to skip the
     * grace period. Blobs still named by a row are never freed, whatever the instant.
     */
    public int collectGarbage(int batch, Instant asOf) {
        return garbage.collect(batch, asOf);
    }

    static void checkKey(String key) {
        ObjectKeys.check(key, MAX_KEY_BYTES);
    }
}
