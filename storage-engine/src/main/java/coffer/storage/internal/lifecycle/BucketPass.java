package coffer.storage.internal.lifecycle;

import coffer.storage.Bucket;
import coffer.storage.DeleteCondition;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectVersion;
import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.VersionPage;
import coffer.storage.lifecycle.LifecycleConfiguration;
import coffer.storage.lifecycle.LifecycleDays;
import coffer.storage.lifecycle.LifecycleRule;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadsPage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bucket's part of a lifecycle round: its versions in ListObjectVersions order (each key's newest first),
 * streamed page by page with one key's running state, then its multipart uploads. Not thread-safe.
 */
final class BucketPass {
    private static final Logger LOG = LoggerFactory.getLogger(BucketPass.class);

    private final Store store;
    private final Bucket bucket;
    private final LifecycleConfiguration config;
    private final Instant now;
    private final Duration day;
    private final int batch;
    private final LifecycleWorker.Counts counts;
    private final BooleanSupplier keepGoing;

    // The key being walked.
    private String key;
    private int index;
    private Instant previousTime;
    private String previousId;
    private ObjectVersion latestMarker;
    private int keptAfterLatest;
    private int noncurrentObjects;

    BucketPass(Store store, Bucket bucket, LifecycleConfiguration config, Instant now, Duration day, int batch,
               LifecycleWorker.Counts counts, BooleanSupplier keepGoing) {
        this.batch = batch;
        this.store = store;
        this.bucket = bucket;
        this.config = config;
        this.now = now;
        this.day = day;
        this.counts = counts;
        this.keepGoing = keepGoing;
    }

    void run() {
        if (config.rules().stream().anyMatch(r -> r.expiresCurrent() || r.expiresNoncurrent()
                || r.removesExpiredDeleteMarkers())) {
            versions();
        }
        if (config.rules().stream().anyMatch(LifecycleRule::abortsUploads)) {
            uploads();
        }
    }

    private void versions() {
        String keyMarker = null;
        String versionMarker = null;
        VersionPage page;
        do {
            page = store.listVersions(bucket, null, null, keyMarker, versionMarker, batch);
            for (ObjectVersion v : page.versions()) {
                if (!v.key().equals(key)) {
                    finishKey();
                    startKey(v.key());
                }
                next(v);
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        } while (page.truncated() && keepGoing.getAsBoolean());
        if (!page.truncated()) {
            finishKey();
        }
    }

    private void startKey(String newKey) {
        key = newKey;
        index = 0;
        previousTime = null;
        previousId = null;
        latestMarker = null;
        keptAfterLatest = 0;
        noncurrentObjects = 0;
    }

    /** The next version of the current key, newest first. */
    private void next(ObjectVersion v) {
        // A listing reads the current rows and the stored versions in two statements: a version that moved between
        // them meanwhile (a concurrent PUT or DELETE) can show twice. Its second sighting is skipped.
        if (v.versionId().equals(previousId)) {
            return;
        }
        previousId = v.versionId();
        if (index == 0) {
            if (v.deleteMarker()) {
                latestMarker = v;
            } else {
                current(v.object());
            }
        } else if (!noncurrent(v, previousTime)) {
            keptAfterLatest++;
        }
        previousTime = v.lastModified();
        index++;
    }

    /** Expiration (Days, Date) of the current version. */
    private void current(ObjectRecord object) {
        for (LifecycleRule rule : config.rules()) {
            if (rule.expiresCurrent() && rule.matches(object.key(), object.size(), object.attributes().tags())
                    && !now.isBefore(rule.currentExpiry(object.lastModified(), day))) {
                if (store.lifecycleCatalog().expireCurrent(bucket, object)) {
                    counts.expired++;
                }
                return;
            }
        }
    }

    /**
     * NoncurrentVersionExpiration of a version that became noncurrent at {@code since} (its successor's time):
     * true if it was deleted.
     */
    private boolean noncurrent(ObjectVersion v, Instant since) {
        long size = v.deleteMarker() ? 0 : v.object().size();
        Map<String, String> tags = v.deleteMarker() ? Map.of() : v.object().attributes().tags();
        int position = v.deleteMarker() ? -1 : noncurrentObjects++;
        for (LifecycleRule rule : config.rules()) {
            if (!rule.expiresNoncurrent() || !rule.matches(v.key(), size, tags)) {
                continue;
            }
            Integer newer = rule.newerNoncurrentVersions();
            if (newer != null && position >= 0 && position < newer) {
                continue;
            }
            if (!now.isBefore(LifecycleDays.after(since, rule.noncurrentDays(), day))) {
                if (v.deleteMarker() && store.findVersion(bucket, v.key(), null)
                        .map(latest -> latest.versionId().equals(v.versionId())).orElse(true)) {
                    return false; // seen as noncurrent in a listing that raced a write, but it is the latest
                }
                return deleteVersion(v, false);
            }
        }
        return false;
    }

    /** A delete marker left as its key's only version: removed under ExpiredObjectDeleteMarker or an expiry. */
    private void finishKey() {
        if (key == null || latestMarker == null || keptAfterLatest > 0) {
            return;
        }
        for (LifecycleRule rule : config.rules()) {
            if (!rule.matches(key, 0, Map.of())) {
                continue;
            }
            boolean due = rule.removesExpiredDeleteMarkers() || (rule.expiresCurrent()
                    && !now.isBefore(rule.currentExpiry(latestMarker.lastModified(), day)));
            if (due) {
                deleteVersion(latestMarker, true);
                return;
            }
        }
    }

    /** Removes one version for good through the engine's version delete; a refusal (a lock) skips it. */
    private boolean deleteVersion(ObjectVersion v, boolean loneMarker) {
        try {
            store.deleteVersion(bucket, v.key(), v.versionId(), DeleteCondition.NONE);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NO_SUCH_BUCKET) {
                throw e;
            }
            counts.skipped++;
            LOG.debug("lifecycle skipped version {} of {} in {}: {}", v.versionId(), v.key(), bucket.name(),
                    e.getMessage());
            return false;
        }
        if (loneMarker) {
            counts.markersRemoved++;
        } else {
            counts.versionsDeleted++;
        }
        return true;
    }

    /** AbortIncompleteMultipartUpload: prefix filters only (uploads have no tags or size yet). */
    private void uploads() {
        String keyMarker = null;
        String uploadMarker = null;
        UploadsPage page;
        do {
            page = store.multipart().listMultipartUploads(bucket, null, null, keyMarker, uploadMarker,
                    batch);
            for (Upload upload : page.uploads()) {
                abortIfDue(upload);
            }
            keyMarker = page.nextKeyMarker();
            uploadMarker = page.nextUploadIdMarker();
        } while (page.truncated() && keepGoing.getAsBoolean());
    }

    private void abortIfDue(Upload upload) {
        for (LifecycleRule rule : config.rules()) {
            if (rule.abortsUploads() && upload.key().startsWith(rule.filter().prefix())
                    && !now.isBefore(LifecycleDays.after(upload.initiated(), rule.abortDays(), day))) {
                try {
                    store.multipart().abortMultipartUpload(bucket, upload.key(), upload.uploadId());
                    counts.uploadsAborted++;
                } catch (StoreException e) {
                    if (e.reason() != StoreException.Reason.NO_SUCH_UPLOAD) {
                        throw e;
                    }
                }
                return;
            }
        }
    }
}
