package coffer.s3.support;

import coffer.storage.Bucket;
import coffer.storage.BucketContents;
import coffer.storage.BucketSettings;
import coffer.storage.CopyObject;
import coffer.storage.DeleteCondition;
import coffer.storage.DeleteOutcome;
import coffer.storage.ListPage;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectVersion;
import coffer.storage.VersionPage;
import coffer.storage.ObjectStorage;
import coffer.storage.PutObject;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.WriteCondition;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException.Problem;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A working storage engine in memory, for handler tests without MariaDB: buckets, objects with their bytes (each
 * blob kept with the customer key that wrote it), copies that share blobs, conditional writes and deletes,
 * listings in UTF-8 byte order, and multipart uploads ({@link MemoryUploads}). Quota claims are not enforced (an
 * in-memory store has no accounts). Thread-safe: every method holds the store's lock.
 */
public final class MemoryStorage implements ObjectStorage {
    /** Keys in UTF-8 byte order, as the catalog sorts them. */
    static final Comparator<String> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final Map<Long, TreeMap<String, ObjectRecord>> objects = new HashMap<>();
    private final Map<BlobId, byte[]> blobs = new HashMap<>();
    private final Map<BlobId, CustomerKey> blobKeys = new HashMap<>();
    private final MemoryBucketSettings settings = new MemoryBucketSettings(this);
    private final MemoryUploads multipart = new MemoryUploads(this);

    // --- buckets

    @Override
    public synchronized Bucket createBucket(long accountId, String name, String region) {
        Bucket existing = buckets.get(name);
        if (existing != null) {
            throw new StoreException(existing.ownerId() == accountId ? Reason.BUCKET_ALREADY_OWNED_BY_YOU
                    : Reason.BUCKET_ALREADY_EXISTS, "bucket " + name + " exists");
        }
        Bucket bucket = new Bucket(ids.incrementAndGet(), name, accountId, region, now());
        buckets.put(name, bucket);
        objects.put(bucket.id(), new TreeMap<>(KEY_ORDER));
        return bucket;
    }

    @Override
    public synchronized Optional<Bucket> findBucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    @Override
    public synchronized List<Bucket> listBuckets(long accountId) {
        return buckets.values().stream().filter(b -> b.ownerId() == accountId).toList();
    }

    @Override
    public synchronized BucketContents bucketContents(Bucket bucket) {
        var rows = rows(bucket).values();
        return new BucketContents(rows.size(), rows.stream().mapToLong(ObjectRecord::size).sum());
    }

    @Override
    public synchronized void deleteBucket(Bucket bucket) {
        if (!rows(bucket).isEmpty()) {
            throw new StoreException(Reason.BUCKET_NOT_EMPTY, "bucket " + bucket.name() + " is not empty");
        }
        buckets.remove(bucket.name());
        objects.remove(bucket.id());
        settings.forget(bucket);
    }

    @Override
    public BucketSettings bucketSettings() {
        return settings;
    }

    // --- objects

    @Override
    public ObjectRecord putObject(PutObject put) throws IOException {
        byte[] data = readBody(put.body(), put.length());
        synchronized (this) {
            ObjectAttributes attributes = put.attributes().get();
            StoredBlob blob = storeBlob(data, put.customerKey());
            return publish(put.bucket(), new ObjectRecord(put.bucket().id(), put.key(), data.length,
                    HexFormat.of().formatHex(blob.md5()), now(), put.metadata(), List.of(blob), 0, attributes),
                    put.condition());
        }
    }

    @Override
    public synchronized ObjectRecord copyObject(CopyObject copy) throws IOException {
        ObjectRecord source = copy.source();
        Bucket from = bucketById(source.bucketId());
        ObjectRecord current = rows(from).get(source.key());
        if (current == null) {
            throw new StoreException(Reason.NO_SUCH_KEY, "the copy source is gone");
        }
        if (!current.etag().equals(source.etag()) || !current.lastModified().equals(source.lastModified())) {
            throw new StoreException(Reason.SOURCE_CHANGED, "the copy source was replaced");
        }
        if (!copy.reencrypts()) {
            ObjectAttributes attributes = new ObjectAttributes(current.attributes().checksum(), copy.acl(),
                    copy.tags(), current.attributes().partChecksums(), copy.encryption());
            return publish(copy.bucket(), new ObjectRecord(copy.bucket().id(), copy.key(), current.size(),
                    current.etag(), now(), copy.metadata(), current.blobs(), current.partCount(), attributes),
                    copy.condition());
        }
        byte[] data;
        try (InputStream in = openObject(current, 0, Math.max(0, current.size() - 1), copy.sourceKey())) {
            data = in.readAllBytes();
        }
        ObjectChecksum checksum = current.attributes().checksum();
        ObjectChecksum kept = checksum != null && ObjectChecksum.FULL_OBJECT.equals(checksum.type()) ? checksum : null;
        StoredBlob blob = storeBlob(data, copy.customerKey());
        return publish(copy.bucket(), new ObjectRecord(copy.bucket().id(), copy.key(), data.length,
                HexFormat.of().formatHex(blob.md5()), now(), copy.metadata(), List.of(blob), 0,
                new ObjectAttributes(kept, copy.acl(), copy.tags(), List.of(), copy.encryption())), copy.condition());
    }

    @Override
    public synchronized Optional<ObjectRecord> findObject(Bucket bucket, String key) {
        return Optional.ofNullable(rows(bucket).get(key));
    }

    @Override
    public synchronized InputStream openObject(ObjectRecord object, long first, long last, CustomerKey customerKey)
            throws IOException {
        checkCustomerKey(object, customerKey);
        if (object.size() == 0) {
            return InputStream.nullInputStream();
        }
        if (first < 0 || first > last || last >= object.size()) {
            throw new IllegalArgumentException("range outside the object");
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (StoredBlob blob : object.blobs()) {
            whole.write(blobs.get(blob.id()));
        }
        return new ByteArrayInputStream(whole.toByteArray(), (int) first, (int) (last - first + 1));
    }

    @Override
    public synchronized void checkCustomerKey(ObjectRecord object, CustomerKey customerKey) throws IOException {
        ObjectRecord loaded = object.blobs().isEmpty() ? rows(bucketById(object.bucketId())).get(object.key()) : object;
        CustomerKey written = loaded == null ? null : blobKeys.get(loaded.blobs().get(0).id());
        checkKey(written, customerKey);
    }

    static void checkKey(CustomerKey written, CustomerKey given) throws CustomerKeyException {
        if (written == null && given != null) {
            throw new CustomerKeyException(Problem.NOT_APPLICABLE, "the object has no customer key");
        }
        if (written != null && given == null) {
            throw new CustomerKeyException(Problem.MISSING, "the object needs its customer key");
        }
        if (written != null && !Arrays.equals(written.bytes(), given.bytes())) {
            throw new CustomerKeyException(Problem.WRONG, "not the object's customer key");
        }
    }

    @Override
    public synchronized void setObjectAcl(Bucket bucket, String key, String versionId, String acl) {
        requireCurrent(bucket, key, versionId);
        ObjectRecord row = existing(bucket, key);
        rows(bucket).put(key, row.withAttributes(row.attributes().withAcl(ObjectAttributes.requireValidAcl(acl))));
    }

    @Override
    public synchronized void setObjectTags(Bucket bucket, String key, String versionId, Map<String, String> tags) {
        requireCurrent(bucket, key, versionId);
        ObjectRecord row = existing(bucket, key);
        rows(bucket).put(key, row.withAttributes(row.attributes().withTags(tags)));
    }

    @Override
    public synchronized DeleteOutcome deleteObject(Bucket bucket, String key, DeleteCondition condition) {
        ObjectRecord row = rows(bucket).get(key);
        if (row == null) {
            return DeleteOutcome.UNVERSIONED;
        }
        if (!condition.isNone() && !condition.holds(row.etag(), row.lastModified(), row.size())) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the delete condition does not hold");
        }
        rows(bucket).remove(key);
        return DeleteOutcome.UNVERSIONED;
    }

    /** Only the current object exists here: a version id must name it. */
    private void requireCurrent(Bucket bucket, String key, String versionId) {
        ObjectRecord row = rows(bucket).get(key);
        if (versionId != null && (row == null || !versionId.equals(row.wireVersionId()))) {
            throw new StoreException(Reason.NO_SUCH_KEY, "no such version");
        }
    }

    /** Versions are not kept in memory (the catalog's tests cover them): only the null version exists. */
    @Override
    public synchronized DeleteOutcome deleteVersion(Bucket bucket, String key, String versionId,
                                                    DeleteCondition condition) {
        if (ObjectVersion.NULL_ID.equals(versionId)) {
            deleteObject(bucket, key, condition);
        }
        return new DeleteOutcome(versionId, false);
    }

    @Override
    public synchronized Optional<ObjectVersion> findVersion(Bucket bucket, String key, String versionId) {
        ObjectRecord row = rows(bucket).get(key);
        if (row == null || (versionId != null && !versionId.equals(row.wireVersionId()))) {
            return Optional.empty();
        }
        return Optional.of(ObjectVersion.of(row, true));
    }

    /** Only current objects (versions are not kept in memory), each its key's only version. */
    @Override
    public synchronized VersionPage listVersions(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                                 String versionIdMarker, int maxKeys) {
        ListPage page = Listing.page(rows(bucket), prefix, delimiter, keyMarker, maxKeys);
        return new VersionPage(page.contents().stream().map(o -> ObjectVersion.of(o, true)).toList(),
                page.commonPrefixes(), page.truncated(), page.truncated() ? page.lastReturned() : null,
                page.truncated() && !page.contents().isEmpty() ? ObjectVersion.NULL_ID : null);
    }

    /** Records a bucket's new versioning state (MemoryBucketSettings). */
    synchronized void replaceBucket(Bucket bucket) {
        buckets.put(bucket.name(), bucket);
    }

    @Override
    public synchronized ListPage listObjects(Bucket bucket, String prefix, String delimiter, String startAfter,
                                             int maxKeys) {
        return Listing.page(rows(bucket), prefix, delimiter, startAfter, maxKeys);
    }

    @Override
    public MemoryUploads multipart() {
        return multipart;
    }

    /** The bytes of every blob stored and not yet dropped, for tests that look behind the API. */
    public synchronized int blobCount() {
        return blobs.size();
    }

    // --- shared with MemoryUploads

    synchronized StoredBlob storeBlob(byte[] data, CustomerKey customerKey) {
        byte[] id = new byte[16];
        new java.util.Random(ids.incrementAndGet()).nextBytes(id);
        StoredBlob blob = new StoredBlob(new BlobId(HexFormat.of().formatHex(id)), data.length, md5(data), 1,
                new byte[0]);
        blobs.put(blob.id(), data.clone());
        if (customerKey != null) {
            blobKeys.put(blob.id(), customerKey);
        }
        return blob;
    }

    /** Publishes {@code row} if {@code condition} holds on the current one, as the catalog's transaction does. */
    synchronized ObjectRecord publish(Bucket bucket, ObjectRecord row, WriteCondition condition) {
        if (!buckets.containsKey(bucket.name())) {
            throw new StoreException(Reason.NO_SUCH_BUCKET, "no bucket " + bucket.name());
        }
        ObjectRecord current = rows(bucket).get(row.key());
        if (condition.ifNoneExists() && current != null) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the key exists");
        }
        if (condition.ifMatchEtag() != null) {
            if (current == null) {
                throw new StoreException(Reason.NO_SUCH_KEY, "no current object to match");
            }
            String wanted = condition.ifMatchEtag();
            if (!wanted.equals(WriteCondition.ANY) && !wanted.equals(current.etag())) {
                throw new StoreException(Reason.PRECONDITION_FAILED, "the ETag differs");
            }
        }
        if (condition.ifNoneMatchEtag() != null && current != null
                && condition.ifNoneMatchEtag().equals(current.etag())) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the ETag matches");
        }
        rows(bucket).put(row.key(), row);
        return row;
    }

    synchronized CustomerKey keyOf(StoredBlob blob) {
        return blobKeys.get(blob.id());
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] readBody(InputStream body, long length) throws IOException {
        byte[] data = body.readAllBytes();
        if (length != BlobEngine.UNKNOWN_LENGTH && data.length != length) {
            throw new BodyLengthMismatchException(length, data.length < length);
        }
        return data;
    }

    private TreeMap<String, ObjectRecord> rows(Bucket bucket) {
        TreeMap<String, ObjectRecord> rows = objects.get(bucket.id());
        if (rows == null) {
            throw new StoreException(Reason.NO_SUCH_BUCKET, "no bucket " + bucket.name());
        }
        return rows;
    }

    private ObjectRecord existing(Bucket bucket, String key) {
        ObjectRecord row = rows(bucket).get(key);
        if (row == null) {
            throw new StoreException(Reason.NO_SUCH_KEY, "no object " + key);
        }
        return row;
    }

    private Bucket bucketById(long id) {
        return buckets.values().stream().filter(b -> b.id() == id).findFirst()
                .orElseThrow(() -> new StoreException(Reason.NO_SUCH_BUCKET, "no bucket " + id));
    }
}
