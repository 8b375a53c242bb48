package coffer.storage;

import coffer.storage.StoreException.Reason;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.blob.KmsLayer;
import coffer.storage.internal.catalog.CommitOutcomeUnknownException;
import coffer.storage.internal.catalog.MultipartCatalog;
import coffer.storage.internal.catalog.ObjectKeys;
import coffer.storage.internal.catalog.Reservation;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.CopyPart;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.multipart.MultipartStorage;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PartCopyChecksum;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.multipart.UploadsPage;
import coffer.storage.quota.Quotas;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Multipart uploads, the engine's one home for them, reached through {@link Store#multipart()}: each part is its
 * own encrypted blob, durable before its row commits; Complete publishes a manifest of the chosen part blobs in
 * one transaction and never copies data. Upload ids are 192 random bits, base64url (32 characters): URL-safe and
 * unguessable. Parts take room in the quota as their request's {@link coffer.storage.QuotaClaim} says
 * ({@link Quotas#claim}). Thread-safe.
 */
public final class MultipartUploads implements MultipartStorage {
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
    private final Quotas quotas;
    /** For reading copy sources (decryption, SSE-C key checks). */
    private final ObjectStorage objects;

    public MultipartUploads(MultipartCatalog catalog, BlobEngine blobs, SecureRandom random, MultipartLimits limits,
                            Quotas quotas, ObjectStorage objects) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.random = Objects.requireNonNull(random, "random");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.quotas = Objects.requireNonNull(quotas, "quotas");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.kms = new KmsLayer(blobs);
    }

    /**
     * TOO_MANY_UPLOADS when the bucket's owner has {@link MultipartLimits#maxOpenUploads} uploads in progress
     * already; KEY_TOO_LONG.
     */
    @Override
    public Upload createMultipartUpload(NewUpload upload) {
        ObjectKeys.check(upload.key(), Store.MAX_KEY_BYTES);
        byte[] id = new byte[24];
        random.nextBytes(id);
        CustomerKey customerKey = upload.customerKey();
        return catalog.createUpload(Base64.getUrlEncoder().withoutPadding().encodeToString(id), upload,
                customerKey == null ? null : blobs.customerKeyCheck(customerKey), limits.maxOpenUploads());
    }

    /**
     * Aborts every upload idle for longer than {@link MultipartLimits#expiry} (its last part, or its creation, is
     * older), in batches; returns how many. The background reaper calls it every
     * {@link MultipartLimits#reapInterval}.
     */
    public int expireIdleUploads() {
        int total = 0;
        int expired;
        do {
            expired = catalog.expireIdle(limits.expiry(), EXPIRY_BATCH);
            total += expired;
        } while (expired == EXPIRY_BATCH);
        return total;
    }

    @Override
    public MultipartLimits limits() {
        return limits;
    }

    @Override
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
     * Takes the part's room in the quota, writes its blob, then publishes it (replacing an earlier part of that
     * number); the part counts in the account's usage from its commit on. The customer key (SSE-C) is checked
     * first: {@link CustomerKeyException} UPLOAD_MISMATCH when it is not the upload's. NO_SUCH_UPLOAD is decided
     * before the body is read when possible, and again, atomically, when the part row is written. The part's data
     * key is wrapped under the upload's KMS key, if it has one.
     */
    @Override
    public UploadPart uploadPart(PutPart part) throws IOException {
        return quotas.claim(part.quota(), reservation -> {
            checkPartNumber(part.partNumber());
            checkPartLength(part.length());
            checkCustomerKey(part.bucket(), part.key(), part.uploadId(), part.customerKey()); // and NO_SUCH_UPLOAD
            return writePart(part, part.body(), reservation);
        });
    }

    private UploadPart writePart(PutPart part, InputStream body, Reservation reservation) throws IOException {
        checkPartLength(part.length());
        Bucket bucket = part.bucket();
        ObjectEncryption encryption = catalog.findUpload(bucket.id(), part.key(), part.uploadId()).encryption();
        StoredBlob blob;
        try {
            blob = blobs.write(body, part.length(), part.partNumber(), part.customerKey());
        } catch (InsufficientStorageException e) {
            throw new StoreException(Reason.INSUFFICIENT_STORAGE, "the blob store is full", e);
        }
        try {
            return catalog.putPart(bucket.id(), part.key(), part.uploadId(), part.partNumber(),
                    kms.wrap(blob, encryption), part.checksum().get(), Optional.empty(), reservation);
        } catch (CommitOutcomeUnknownException e) {
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(blob, e);
            throw e;
        }
    }

    /**
     * UploadPartCopy of bytes {@code first..last} of the source, consuming its quota claim (of the range's size).
     * A whole single-blob source is shared (no data written, SOURCE_CHANGED if it was replaced meanwhile) when the
     * checksum plan knows the shared part's checksum (or none is wanted), neither side uses a customer key (an
     * SSE-C blob's key depends on its customer key) and both use the same KMS key or none; otherwise the bytes
     * stream through the plan's tap into a new blob, and the part gets its streamed checksum.
     */
    @Override
    public UploadPart uploadPartCopy(CopyPart copy) throws IOException {
        return quotas.claim(copy.quota(), reservation -> {
            Bucket bucket = copy.bucket();
            ObjectRecord source = copy.source();
            objects.checkCustomerKey(source, copy.sourceKey());
            checkCustomerKey(bucket, copy.key(), copy.uploadId(), copy.customerKey());
            checkPartNumber(copy.partNumber());
            PartCopyChecksum checksum = copy.checksum();
            if (!source.isMultipart() && copy.first() == 0 && copy.last() == source.size() - 1
                    && checksum.shareable() && copy.sourceKey() == null && copy.customerKey() == null
                    && source.attributes().encryption().sameKeyAs(
                            findUpload(bucket, copy.key(), copy.uploadId()).encryption())) {
                return catalog.putPart(bucket.id(), copy.key(), copy.uploadId(), copy.partNumber(), source.blob(),
                        checksum.shared(), Optional.of(source), reservation);
            }
            long length = copy.last() - copy.first() + 1;
            try (InputStream in = checksum.tap().apply(objects.openObject(source, copy.first(), copy.last(),
                    copy.sourceKey()))) {
                PutPart part = PutPart.of(bucket, copy.key(), copy.uploadId(), copy.partNumber(), in, length)
                        .checksum(checksum.streamed()).customerKey(copy.customerKey()).build();
                return writePart(part, in, reservation);
            }
        });
    }

    /** See {@link MultipartCatalog#complete}; the list must hold 1..10000 parts numbered 1..10000. */
    @Override
    public ObjectRecord completeMultipartUpload(CompleteUpload completion) {
        if (completion.parts().isEmpty() || completion.parts().size() > MAX_PART_NUMBER) {
            throw new IllegalArgumentException("a completion lists 1 to 10000 parts");
        }
        for (CompletedPart p : completion.parts()) {
            if (p.partNumber() < 1 || p.partNumber() > MAX_PART_NUMBER) {
                throw new StoreException(Reason.INVALID_PART, "part number out of range");
            }
        }
        return catalog.complete(completion.bucket().id(), completion.key(), completion.uploadId(),
                completion.parts(), completion.condition(), MIN_PART_SIZE, completion.combiner(),
                completion.bucket().versioning());
    }

    @Override
    public Upload findUpload(Bucket bucket, String key, String uploadId) {
        return catalog.findUpload(bucket.id(), key, uploadId);
    }

    @Override
    public void abortMultipartUpload(Bucket bucket, String key, String uploadId) {
        catalog.abort(bucket.id(), key, uploadId);
    }

    @Override
    public PartsPage listParts(Bucket bucket, String key, String uploadId, int afterPart, int maxParts) {
        return catalog.listParts(bucket.id(), key, uploadId, afterPart, maxParts);
    }

    @Override
    public UploadsPage listMultipartUploads(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                            String uploadIdMarker, int maxUploads) {
        return catalog.listUploads(bucket.id(), prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
    }

    private static void checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw new IllegalArgumentException("part number must be 1..10000");
        }
    }

    private static void checkPartLength(long length) {
        if (length < 0 || length > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part length out of range");
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
