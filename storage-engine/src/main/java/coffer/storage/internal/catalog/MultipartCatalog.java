package coffer.storage.internal.catalog;

import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException;
import coffer.storage.Versioning;
import coffer.storage.StoreException.Reason;
import coffer.storage.WriteCondition;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.multipart.ChecksumCombiner;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.multipart.UploadsPage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The catalog side of multipart uploads: upload and part rows, and CompleteMultipartUpload as one transaction
 * that turns parts into an object manifest without touching data. Every blob a transaction makes unreachable from
 * its rows goes into {@code gc_queue} in that transaction. Thread-safe and stateless apart from its collaborators.
 */
public final class MultipartCatalog {
    private static final String FOR_UPDATE = " FOR UPDATE";
    private static final String FOR_SHARE = " LOCK IN SHARE MODE";
    /** How long a completed upload can be completed again (answered from {@code completed_upload}). */
    static final Duration RECOMPLETION_WINDOW = Duration.ofDays(1);

    private final Transactions tx;
    private final Clock clock;
    private final Duration gcGrace;
    private final ObjectDao objects;
    private final VersionedObjects versioned;
    private final GcQueueDao gc;
    private final UsageLedger usage;
    private final UploadDao uploads = new UploadDao();
    private final UploadPartDao parts = new UploadPartDao();
    private final CompletedUploadDao completed = new CompletedUploadDao();

    MultipartCatalog(Transactions tx, Clock clock, Duration gcGrace, ObjectDao objects, VersionedObjects versioned,
                     GcQueueDao gc, UsageLedger usage) {
        this.tx = tx;
        this.clock = clock;
        this.gcGrace = gcGrace;
        this.objects = objects;
        this.versioned = versioned;
        this.gc = gc;
        this.usage = usage;
    }

    /**
     * Records the upload {@code settings} describe (and {@code customerKeyCheck}, SSE-C; null for none) in one
     * transaction; TOO_MANY_UPLOADS when the bucket's owner already has {@code maxOpenUploads} uploads in progress,
     * decided on its locked usage row, so concurrent creations cannot pass the limit.
     */
    public Upload createUpload(String uploadId, NewUpload settings, byte[] customerKeyCheck, int maxOpenUploads) {
        long bucketId = settings.bucket().id();
        return tx.write("createMultipartUpload", c -> {
            Upload u = settings.opened(uploadId, Timestamps.truncate(clock.instant()));
            uploads.insert(c, u);
            if (customerKeyCheck != null) {
                uploads.setCustomerKeyCheck(c, uploadId, customerKeyCheck);
            }
            if (!usage.openUpload(c, bucketId, maxOpenUploads)) {
                throw new StoreException(Reason.TOO_MANY_UPLOADS, "the account has " + maxOpenUploads
                        + " multipart uploads in progress, its limit");
            }
            return u;
        });
    }

    /** The open upload; NO_SUCH_UPLOAD. */
    public Upload findUpload(long bucketId, String key, String uploadId) {
        return tx.read("findUpload", c -> uploads.lock(c, uploadId, bucketId, key, ""));
    }

    /** The upload's SSE-C key check, empty when it uses no customer key; NO_SUCH_UPLOAD. */
    public Optional<byte[]> customerKeyCheck(long bucketId, String key, String uploadId) {
        return tx.read("customerKeyCheck", c -> {
            uploads.lock(c, uploadId, bucketId, key, "");
            return Optional.ofNullable(uploads.customerKeyCheck(c, uploadId));
        });
    }

    /**
     * Master key rotation: replaces an upload's SSE-C key check made under an older master key version with
     * {@code fresh}, made under the current one from the same customer key, unless it changed meanwhile.
     */
    public void renewCustomerKeyCheck(String uploadId, byte[] old, byte[] fresh) {
        tx.write("renewCustomerKeyCheck", c -> uploads.renewCustomerKeyCheck(c, uploadId, old, fresh));
    }

    /**
     * Publishes {@code blob} as part {@code partNumber}, replacing (and enqueueing) an earlier one. When
     * {@code sharedSource} is present the blob is that object's own (UploadPartCopy of a whole object): the
     * source row is share-locked and must still name the blob, else SOURCE_CHANGED. The part counts in the
     * owner's usage from this commit on, by its {@link UsageLedger#partCharge charge} (net of a part it replaced),
     * consuming {@code reservation}.
     */
    public UploadPart putPart(long bucketId, String key, String uploadId, int partNumber, StoredBlob blob,
                              String checksum, Optional<ObjectRecord> sharedSource, Reservation reservation) {
        return tx.write("uploadPart", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            // The share lock makes a concurrent Complete or Abort wait for this part, or this part for them.
            uploads.lock(c, uploadId, bucketId, key, FOR_SHARE);
            if (sharedSource.isPresent()) {
                requireUnchanged(c, sharedSource.get());
            }
            UploadPart part = new UploadPart(partNumber, now, blob, checksum);
            Optional<UploadPartDao.Replaced> old = parts.put(c, uploadId, part);
            if (old.isPresent() && !old.get().blob().equals(blob.id())) {
                gc.enqueue(c, old.get().blob(), now, now.plus(gcGrace));
            }
            long oldCharge = old.map(r -> UsageLedger.partCharge(r.size())).orElse(0L);
            usage.publish(c, bucketId, UsageLedger.partCharge(blob.size()) - oldCharge, 0, reservation);
            return part;
        });
    }

    /**
     * Locks the copy source's row and checks that it is still the version the caller read: the current row, or,
     * for a source that has a version id or is no longer current, its row in {@code object_version}
     * (docs/versioning.md). Either lock keeps its blobs named until the copy commits.
     */
    void requireUnchanged(Connection c, ObjectRecord source) throws SQLException {
        Optional<ObjectRecord> now = objects.findShared(c, source.bucketId(), source.key());
        if (now.isPresent() && Objects.equals(now.get().versionId(), source.versionId())) {
            requireSame(now.get(), source);
            return;
        }
        Optional<ObjectRecord> stored = versioned.findShared(c, source.bucketId(), source.key(),
                source.wireVersionId());
        if (stored.isPresent()) {
            requireSame(stored.get(), source);
            return;
        }
        if (now.isEmpty()) {
            throw new StoreException(Reason.NO_SUCH_KEY, "the copy source is gone");
        }
        throw new StoreException(Reason.SOURCE_CHANGED, "the copy source changed");
    }

    private static void requireSame(ObjectRecord now, ObjectRecord source) {
        if (!now.blobs().equals(source.blobs()) || !now.etag().equals(source.etag())) {
            throw new StoreException(Reason.SOURCE_CHANGED, "the copy source changed");
        }
    }

    public PartsPage listParts(long bucketId, String key, String uploadId, int afterPart, int maxParts) {
        return tx.read("listParts", c -> {
            Upload u = uploads.lock(c, uploadId, bucketId, key, "");
            List<UploadPart> page = parts.list(c, uploadId, afterPart, maxParts + 1, "");
            boolean truncated = page.size() > maxParts;
            List<UploadPart> shown = truncated ? page.subList(0, maxParts) : page;
            int next = shown.isEmpty() ? 0 : shown.get(shown.size() - 1).partNumber();
            return new PartsPage(u, shown, truncated, next);
        });
    }

    public UploadsPage listUploads(long bucketId, String prefix, String delimiter, String keyMarker,
                                   String uploadIdMarker, int maxUploads) {
        return tx.read("listMultipartUploads",
                c -> uploads.list(c, bucketId, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads));
    }

    /** Removes the upload and its parts, giving their bytes back; their blobs are freed after the grace period. */
    public void abort(long bucketId, String key, String uploadId) {
        tx.write("abortMultipartUpload", c -> {
            uploads.lock(c, uploadId, bucketId, key, FOR_UPDATE);
            Instant now = clock.instant();
            long charged = removeUpload(c, uploadId, List.of(), now);
            usage.publish(c, bucketId, -charged, 0, -1, Reservation.NONE);
            return null;
        });
    }

    /**
     * Aborts every upload of the bucket, each in its own transaction as Abort does (DeleteBucket runs this before
     * its own transaction). One upload is at most 10,000 parts, so no write set grows with the number of uploads:
     * Galera replicates each transaction as one write set, limited by {@code wsrep_max_ws_rows} and
     * {@code wsrep_max_ws_size} (docs/cluster.md, "Bulk deletes"). Returns the uploads aborted here.
     */
    public int abortEach(long bucketId) {
        int aborted = 0;
        for (String id : tx.read("listBucketUploads", c -> uploads.idsInBucket(c, bucketId))) {
            boolean done = tx.write("abortMultipartUpload", c -> {
                if (!uploads.lockInBucket(c, id, bucketId)) {
                    return false;
                }
                long charged = removeUpload(c, id, List.of(), clock.instant());
                usage.publish(c, bucketId, -charged, 0, -1, Reservation.NONE);
                return true;
            });
            if (done) {
                aborted++;
            }
        }
        return aborted;
    }

    /** What {@link #abortAll} removed: the uploads and the charges of their parts, which the caller gives back. */
    record Removed(int uploads, long charged) {
    }

    /** Removes every upload of the bucket (DeleteBucket), inside the caller's transaction. */
    Removed abortAll(Connection c, long bucketId, Instant now) throws SQLException {
        long charged = 0;
        List<String> ids = uploads.idsInBucket(c, bucketId);
        for (String id : ids) {
            charged += removeUpload(c, id, List.of(), now);
        }
        return new Removed(ids.size(), charged);
    }

    /**
     * Aborts up to {@code limit} uploads idle for longer than {@code idle}: created before the cutoff (now minus
     * {@code idle}) and with no part stored since. Each in its own transaction, which locks the upload and decides again (a part may have
     * arrived meanwhile, or a client aborted or completed it), then removes it as Abort does: its parts' blobs go
     * to the collector, their charges and the open upload are given back. Returns the number aborted; several
     * reapers may run at once.
     */
    public int expireIdle(Duration idle, int limit) {
        Instant cutoff = Timestamps.truncate(clock.instant().minus(idle));
        int expired = 0;
        for (UploadDao.Ref ref : tx.read("findIdleUploads", c -> uploads.idleSince(c, cutoff, limit))) {
            boolean done = tx.write("expireMultipartUpload", c -> {
                Optional<Upload> u = uploads.find(c, ref.uploadId(), ref.bucketId(), ref.key(), FOR_UPDATE);
                if (u.isEmpty() || !u.get().initiated().isBefore(cutoff)
                        || !uploads.noPartSince(c, ref.uploadId(), cutoff)) {
                    return false;
                }
                long charged = removeUpload(c, ref.uploadId(), List.of(), clock.instant());
                usage.publish(c, ref.bucketId(), -charged, 0, -1, Reservation.NONE);
                return true;
            });
            if (done) {
                expired++;
            }
        }
        return expired;
    }

    /**
     * CompleteMultipartUpload, one transaction:
     * <ol>
     *   <li>lock the upload and its parts; an upload that already completed, within
     *       {@link #RECOMPLETION_WINDOW}, with the same list of part ETags, whose object is still the current one
     *       under its key, answers with that object and changes nothing (as AWS); otherwise NO_SUCH_UPLOAD;</li>
     *   <li>check the list: ascending (INVALID_PART_ORDER), each part present with its ETag (INVALID_PART), every
     *       part but the last at least {@code minPartSize} bytes (ENTITY_TOO_SMALL);</li>
     *   <li>publish the object row and its manifest if {@code condition} holds (enqueueing what it replaces);</li>
     *   <li>remove the upload and its parts, enqueueing the blobs of parts not listed;</li>
     *   <li>usage: the object's size counts, every part's charge is taken off (the listed ones move into the
     *       object, the others are given back), and so is the object it replaced: never growth (a part's charge is
     *       at least its size), so no quota check can refuse a completion; one open upload less;</li>
     *   <li>record the completion (and purge old records).</li>
     * </ol>
     */
    public ObjectRecord complete(long bucketId, String key, String uploadId, List<CompletedPart> listed,
                                 WriteCondition condition, long minPartSize, ChecksumCombiner combiner,
                                 Versioning versioning) {
        return tx.write("completeMultipartUpload", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            Optional<Upload> open = uploads.find(c, uploadId, bucketId, key, FOR_UPDATE);
            if (open.isEmpty()) {
                return earlierCompletion(c, bucketId, key, uploadId, listed, now)
                        .orElseThrow(() -> new StoreException(Reason.NO_SUCH_UPLOAD, "no such upload"));
            }
            Upload u = open.get();
            Map<Integer, UploadPart> stored = new HashMap<>();
            for (UploadPart p : parts.all(c, uploadId)) {
                stored.put(p.partNumber(), p);
            }
            List<UploadPart> chosenParts = checkParts(listed, stored, minPartSize);
            List<StoredBlob> chosen = chosenParts.stream().map(UploadPart::blob).toList();
            long size = chosen.stream().mapToLong(StoredBlob::size).sum();
            ObjectChecksum checksum = combiner.combine(u, chosenParts).orElse(null);
            List<String> partChecksums = new ArrayList<>();
            chosenParts.forEach(p -> partChecksums.add(p.checksum()));
            ObjectAttributes attributes = new ObjectAttributes(checksum, u.acl(), u.tags(), partChecksums,
                    u.encryption(), u.lock());
            ObjectRecord r = new ObjectRecord(bucketId, key, size, multipartEtag(chosen), now, u.metadata(),
                    chosen, chosen.size(), attributes);
            long freedBytes;
            int freedObjects;
            if (versioning.versioned()) {
                VersionedObjects.Published published = versioned.put(c, r, condition, now.plus(gcGrace), versioning);
                r = published.row();
                freedBytes = published.freed().bytes();
                freedObjects = published.freed().objects();
            } else {
                OptionalLong replaced = objects.put(c, r, condition, now.plus(gcGrace));
                freedBytes = replaced.orElse(0);
                freedObjects = replaced.isPresent() ? 1 : 0;
            }
            long charged = removeUpload(c, uploadId, chosen, now);
            usage.publish(c, bucketId, size - charged - freedBytes, 1 - freedObjects, -1, Reservation.NONE);
            completed.purge(c, now.minus(RECOMPLETION_WINDOW));
            completed.insert(c, uploadId, bucketId, key, r.etag(), r.versionId(), now);
            return r;
        });
    }

    /**
     * The object an earlier completion of {@code uploadId} made, if that completion is recent, was for this bucket
     * and key, listed the same part ETags (the multipart ETag is a function of them) and its object still exists:
     * the current row, or, for a completion that made a version with an id, that version wherever it now is (newer
     * versions may have been written over it since; it is answered as long as it was not deleted).
     */
    private Optional<ObjectRecord> earlierCompletion(Connection c, long bucketId, String key, String uploadId,
                                                     List<CompletedPart> listed, Instant now) throws SQLException {
        Optional<CompletedUploadDao.Completion> done = completed.find(c, uploadId)
                .filter(d -> d.bucketId() == bucketId && d.key().equals(key)
                        && !d.completedAt().isBefore(now.minus(RECOMPLETION_WINDOW)));
        if (done.isEmpty() || !done.get().etag().equals(listedEtag(listed).orElse(null))) {
            return Optional.empty();
        }
        String etag = done.get().etag();
        String versionId = done.get().versionId();
        Optional<ObjectRecord> current = objects.find(c, bucketId, key)
                .filter(o -> o.etag().equals(etag) && (versionId == null || versionId.equals(o.versionId())));
        if (current.isPresent() || versionId == null) {
            return current;
        }
        return versioned.findShared(c, bucketId, key, versionId).filter(o -> o.etag().equals(etag));
    }

    /** The multipart ETag the listed part ETags make, empty when one is not an MD5 in hex. */
    static Optional<String> listedEtag(List<CompletedPart> listed) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (CompletedPart p : listed) {
                if (p.etag().length() != 32) {
                    return Optional.empty();
                }
                md5.update(HexFormat.of().parseHex(p.etag().toLowerCase(Locale.ROOT)));
            }
            return Optional.of(HexFormat.of().formatHex(md5.digest()) + "-" + listed.size());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JDK", e);
        }
    }

    private static List<UploadPart> checkParts(List<CompletedPart> listed, Map<Integer, UploadPart> stored,
                                               long minPartSize) {
        List<UploadPart> chosen = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < listed.size(); i++) {
            CompletedPart want = listed.get(i);
            if (want.partNumber() <= previous) {
                throw new StoreException(Reason.INVALID_PART_ORDER, "parts are not in ascending order");
            }
            previous = want.partNumber();
            UploadPart have = stored.get(want.partNumber());
            if (have == null || !have.etag().equals(want.etag())) {
                throw new StoreException(Reason.INVALID_PART, "part " + want.partNumber() + " not found");
            }
            // A part checksum the client lists must be the one stored for that part (AWS: InvalidPart).
            if (want.checksum() != null && !want.checksum().equals(have.checksum())) {
                throw new StoreException(Reason.INVALID_PART, "part " + want.partNumber() + " checksum differs");
            }
            if (i < listed.size() - 1 && have.size() < minPartSize) {
                throw new StoreException(Reason.ENTITY_TOO_SMALL, "part " + want.partNumber() + " is too small");
            }
            chosen.add(have);
        }
        return chosen;
    }

    /**
     * Deletes the upload's rows and enqueues the blobs of its parts that {@code kept} does not name. Returns the
     * charges ({@link UsageLedger#partCharge}) of all its parts.
     */
    private long removeUpload(Connection c, String uploadId, List<StoredBlob> kept, Instant now)
            throws SQLException {
        Set<BlobId> keptIds = new HashSet<>();
        kept.forEach(b -> keptIds.add(b.id()));
        long charged = 0;
        for (UploadPart p : parts.all(c, uploadId)) {
            charged += UsageLedger.partCharge(p.size());
            if (!keptIds.contains(p.blob().id())) {
                gc.enqueue(c, p.blob().id(), now, now.plus(gcGrace));
            }
        }
        parts.deleteAll(c, uploadId);
        uploads.delete(c, uploadId);
        return charged;
    }

    /** {@code md5(concat(binary part md5s))-N}, as S3 computes a multipart ETag. */
    static String multipartEtag(List<StoredBlob> chosen) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            chosen.forEach(b -> md5.update(b.md5()));
            return HexFormat.of().formatHex(md5.digest()) + "-" + chosen.size();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JDK", e);
        }
    }
}
