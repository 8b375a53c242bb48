package coffer.storage.multipart;

import coffer.storage.Bucket;
import coffer.storage.KmsLayer;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.WriteCondition;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.catalog.CommitOutcomeUnknownException;
import coffer.storage.catalog.MultipartCatalog;
import coffer.storage.quota.Reservation;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Multipart uploads: each part is its own encrypted blob, durable before its row commits; Complete publishes a
 * manifest of the chosen part blobs in one transaction and never copies data. Upload ids are 192 random bits,
 * base64url (32 characters): URL-safe and unguessable. Thread-safe.
 */
public final class MultipartUploads {
    /** S3's part number range. */
    public static final int MAX_PART_NUMBER = 10_000;
    /** S3's minimum size of every part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's maximum part size. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private static final int EXPIRY_BATCH = 500;

    private final MultipartCatalog catalog;
    private final BlobEngine blobs;
    private final SecureRandom random;
    private final KmsLayer kms;
    private final MultipartLimits limits;

    public MultipartUploads(MultipartCatalog catalog, BlobEngine blobs, SecureRandom random) {
        this(catalog, blobs, random, MultipartLimits.DEFAULTS);
    }

    public MultipartUploads(MultipartCatalog catalog, BlobEngine blobs, SecureRandom random, MultipartLimits limits) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.random = Objects.requireNonNull(random, "random");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.kms = new KmsLayer(blobs);
    }

    /** {@code settings}: checksum algorithm and type, ACL and tags for the object (see {@link Upload}). */
    public Upload create(Bucket bucket, String key, ObjectMetadata metadata, Upload settings) {
        return create(bucket, key, metadata, settings, null);
    }

    /**
     * As above; a non-null {@code customerKey} (SSE-C) must then come with every part. TOO_MANY_UPLOADS when the
     * bucket's owner has {@link MultipartLimits#maxOpenUploads} uploads in progress already.
     */
    public Upload create(Bucket bucket, String key, ObjectMetadata metadata, Upload settings,
                         CustomerKey customerKey) {
        byte[] id = new byte[24];
        random.nextBytes(id);
        return catalog.createUpload(Base64.getUrlEncoder().withoutPadding().encodeToString(id), bucket.id(), key,
                metadata, settings, customerKey == null ? null : blobs.customerKeyCheck(customerKey),
                limits.maxOpenUploads());
    }

    /**
     * Aborts every upload idle for longer than {@link MultipartLimits#expiry}, in batches; returns how many. The
     * background reaper calls it every {@link MultipartLimits#reapInterval}.
     */
    public int expireIdle() {
        int total = 0;
        int expired;
        do {
            expired = catalog.expireIdle(limits.expiry(), EXPIRY_BATCH);
            total += expired;
        } while (expired == EXPIRY_BATCH);
        return total;
    }

    public MultipartLimits limits() {
        return limits;
    }

    /**
     * Checks that {@code customerKey} (null for none) is the key the upload was created with (or that neither has
     * one): {@link CustomerKeyException} UPLOAD_MISMATCH otherwise; NO_SUCH_UPLOAD.
     */
    public void checkCustomerKey(Bucket bucket, String key, String uploadId, CustomerKey customerKey)
            throws CustomerKeyException {
        Optional<byte[]> check = catalog.customerKeyCheck(bucket.id(), key, uploadId);
        boolean matches = check.isEmpty() ? customerKey == null
                : customerKey != null && blobs.customerKeyMatches(check.get(), customerKey);
        if (!matches) {
            throw new CustomerKeyException(CustomerKeyException.Problem.UPLOAD_MISMATCH,
                    "the part's customer key does not match its upload's");
        }
        if (check.isPresent()) {
            renewUnderCurrentVersion(uploadId, check.get(), customerKey);
        }
    }

    /**
     * The check is an HMAC of the customer key, which only a request brings: after a master key rotation the
     * upload's next part re-makes it under the current version, so the old version can be destroyed.
     */
    private void renewUnderCurrentVersion(String uploadId, byte[] check, CustomerKey customerKey) {
        byte[] fresh = blobs.customerKeyCheck(customerKey);
        if (!Arrays.equals(check, 0, 4, fresh, 0, 4)) {
            catalog.renewCustomerKeyCheck(uploadId, check, fresh);
        }
    }

    /**
     * Writes the part's blob, then publishes it (replacing an earlier part of that number). NO_SUCH_UPLOAD is
     * decided before the body is read when possible, and again, atomically, when the part row is written.
     * {@code checksum} is asked for the part's checksum once the body has been read to its end.
     */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length, Supplier<String> checksum, Reservation reservation)
            throws IOException {
        return uploadPart(bucket, key, uploadId, partNumber, plaintext, length, checksum, reservation, null);
    }

    /**
     * As above, for an upload created with {@code customerKey} (SSE-C; null for none), checked first. The part's
     * data key is wrapped under the upload's KMS key, if it has one.
     */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length, Supplier<String> checksum, Reservation reservation,
                                 CustomerKey customerKey) throws IOException {
        checkPartNumber(partNumber);
        if (length < 0 || length > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part length out of range");
        }
        checkCustomerKey(bucket, key, uploadId, customerKey); // and NO_SUCH_UPLOAD, before any data
        ObjectEncryption encryption = catalog.findUpload(bucket.id(), key, uploadId).encryption();
        StoredBlob blob;
        try {
            blob = blobs.write(plaintext, length, partNumber, customerKey);
        } catch (InsufficientStorageException e) {
            throw new StoreException(Reason.INSUFFICIENT_STORAGE, "the blob store is full", e);
        }
        try {
            return catalog.putPart(bucket.id(), key, uploadId, partNumber, kms.wrap(blob, encryption),
                    checksum.get(), Optional.empty(), reservation);
        } catch (CommitOutcomeUnknownException e) {
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(blob, e);
            throw e;
        }
    }

    /**
     * UploadPartCopy of a whole single-blob object: the part names the source's blob; no data is written. The
     * source must use the upload's KMS key (or none, as the upload): see {@link ObjectEncryption#sameKeyAs}.
     * {@code checksum} is the part's checksum in the upload's algorithm, if the caller knows it (null otherwise).
     */
    public UploadPart sharePart(Bucket bucket, String key, String uploadId, int partNumber, ObjectRecord source,
                                String checksum, Reservation reservation) {
        checkPartNumber(partNumber);
        if (!source.attributes().encryption().sameKeyAs(catalog.findUpload(bucket.id(), key, uploadId)
                .encryption())) {
            throw new IllegalArgumentException("a shared part keeps its source's KMS key");
        }
        return catalog.putPart(bucket.id(), key, uploadId, partNumber, source.blob(), checksum, Optional.of(source),
                reservation);
    }

    /** See {@link MultipartCatalog#complete}; the list must hold 1..10000 parts numbered 1..10000. */
    public ObjectRecord complete(Bucket bucket, String key, String uploadId, List<CompletedPart> parts,
                                 WriteCondition condition, ChecksumCombiner combiner) {
        if (parts.isEmpty() || parts.size() > MAX_PART_NUMBER) {
            throw new IllegalArgumentException("a completion lists 1 to 10000 parts");
        }
        for (CompletedPart p : parts) {
            if (p.partNumber() < 1 || p.partNumber() > MAX_PART_NUMBER) {
                throw new StoreException(Reason.INVALID_PART, "part number out of range");
            }
        }
        return catalog.complete(bucket.id(), key, uploadId, parts, condition, MIN_PART_SIZE, combiner);
    }

    /** The open upload; NO_SUCH_UPLOAD. */
    public Upload findUpload(Bucket bucket, String key, String uploadId) {
        return catalog.findUpload(bucket.id(), key, uploadId);
    }

    public void abort(Bucket bucket, String key, String uploadId) {
        catalog.abort(bucket.id(), key, uploadId);
    }

    public PartsPage listParts(Bucket bucket, String key, String uploadId, int afterPart, int maxParts) {
        return catalog.listParts(bucket.id(), key, uploadId, afterPart, maxParts);
    }

    public UploadsPage listUploads(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                   String uploadIdMarker, int maxUploads) {
        return catalog.listUploads(bucket.id(), prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
    }

    private static void checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw new IllegalArgumentException("part number must be 1..10000");
        }
    }

    private void deleteQuietly(StoredBlob blob, RuntimeException failure) {
        try {
            blobs.delete(blob.id());
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
