package coffer.storage;

import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.multipart.ChecksumCombiner;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.multipart.MultipartUploads;
import coffer.storage.multipart.PartCopyChecksum;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.multipart.UploadsPage;
import coffer.storage.quota.Reservation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The multipart half of the storage facade, reached through {@link Store#multipart()}: create, parts (uploaded or
 * copied), complete, abort and the listings, delegating to {@link MultipartUploads}. Thread-safe.
 */
public final class MultipartStore {
    private final MultipartUploads multipart;
    /** For reading copy sources (decryption, SSE-C key checks). */
    private final Store objects;

    MultipartStore(MultipartUploads multipart, Store objects) {
        this.multipart = multipart;
        this.objects = objects;
    }


    public Upload createMultipartUpload(Bucket bucket, String key, ObjectMetadata metadata) {
        return createMultipartUpload(bucket, key, metadata,
                new Upload("-", bucket.id(), key, Instant.EPOCH, ObjectMetadata.EMPTY));
    }

    /** {@code settings} carries the checksum algorithm and type, ACL and tags the object will get. */
    public Upload createMultipartUpload(Bucket bucket, String key, ObjectMetadata metadata, Upload settings) {
        return createMultipartUpload(bucket, key, metadata, settings, null);
    }

    /**
     * As above; with a {@code customerKey} (SSE-C) every part must come with the same key, and the completed object
     * needs it to be read. Only an HMAC of the key is stored.
     */
    public Upload createMultipartUpload(Bucket bucket, String key, ObjectMetadata metadata, Upload settings,
                                        CustomerKey customerKey) {
        Store.checkKey(key);
        return multipart.create(bucket, key, metadata, settings, customerKey);
    }

    /** The open upload (NO_SUCH_UPLOAD when unknown or for another bucket or key). */
    public Upload findUpload(Bucket bucket, String key, String uploadId) {
        return multipart.findUpload(bucket, key, uploadId);
    }

    /**
     * Checks that {@code customerKey} (null for none) is the key the upload was created with, or that neither has
     * one: {@link CustomerKeyException} UPLOAD_MISMATCH otherwise; NO_SUCH_UPLOAD.
     */
    public void checkCustomerKey(Bucket bucket, String key, String uploadId, CustomerKey customerKey)
            throws CustomerKeyException {
        multipart.checkCustomerKey(bucket, key, uploadId, customerKey);
    }

    /** NO_SUCH_UPLOAD; the part's blob is durable before its row commits. */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length) throws IOException {
        return uploadPart(bucket, key, uploadId, partNumber, plaintext, length, () -> null, Reservation.NONE);
    }

    /** As above, consuming {@code reservation}. */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length, Reservation reservation) throws IOException {
        return uploadPart(bucket, key, uploadId, partNumber, plaintext, length, () -> null, reservation);
    }

    /** As above, with no reservation; {@code checksum} gives the part's checksum (or null) once the body is read. */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length, Supplier<String> checksum) throws IOException {
        return uploadPart(bucket, key, uploadId, partNumber, plaintext, length, checksum, Reservation.NONE);
    }

    /**
     * {@code checksum} gives the part's checksum (or null) once the body has been read to its end; the part
     * counts in the account's usage from its commit on, consuming {@code reservation}.
     */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length, Supplier<String> checksum, Reservation reservation)
            throws IOException {
        return uploadPart(bucket, key, uploadId, partNumber, plaintext, length, checksum, reservation, null);
    }

    /**
     * As above with the upload's customer key (SSE-C; null for none): {@link CustomerKeyException} UPLOAD_MISMATCH
     * when it is not the key the upload was created with, before any data is read.
     */
    public UploadPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream plaintext,
                                 long length, Supplier<String> checksum, Reservation reservation,
                                 CustomerKey customerKey) throws IOException {
        return multipart.uploadPart(bucket, key, uploadId, partNumber, plaintext, length, checksum, reservation,
                customerKey);
    }

    /**
     * UploadPartCopy of bytes {@code first..last} of {@code source}: a whole single-blob source is shared (no
     * data written, SOURCE_CHANGED if it was replaced meanwhile); any other range is re-encrypted into a new blob.
     */
    public UploadPart uploadPartCopy(Bucket bucket, String key, String uploadId, int partNumber,
                                     ObjectRecord source, long first, long last) throws IOException {
        return uploadPartCopy(bucket, key, uploadId, partNumber, source, first, last, PartCopyChecksum.NONE,
                Reservation.NONE);
    }

    /**
     * As above, with the part's checksum, consuming {@code reservation} (of the range's size): a whole
     * single-blob source is shared when {@code checksum} knows the shared part's checksum (or none is wanted);
     * otherwise the bytes stream through {@code checksum.tap}, and the part gets {@code checksum.streamed()}.
     */
    public UploadPart uploadPartCopy(Bucket bucket, String key, String uploadId, int partNumber,
                                     ObjectRecord source, long first, long last, PartCopyChecksum checksum,
                                     Reservation reservation) throws IOException {
        return uploadPartCopy(bucket, key, uploadId, partNumber, source, first, last, checksum, reservation, null,
                null);
    }

    /**
     * As above, with the source's customer key and the upload's (SSE-C; null for none). A blob is shared only when
     * neither side uses a customer key (an SSE-C blob's key depends on its customer key) and both use the same
     * KMS key or none.
     */
    public UploadPart uploadPartCopy(Bucket bucket, String key, String uploadId, int partNumber,
                                     ObjectRecord source, long first, long last, PartCopyChecksum checksum,
                                     Reservation reservation, CustomerKey sourceKey, CustomerKey customerKey)
            throws IOException {
        objects.checkCustomerKey(source, sourceKey);
        multipart.checkCustomerKey(bucket, key, uploadId, customerKey);
        if (!source.isMultipart() && first == 0 && last == source.size() - 1 && checksum.shareable()
                && sourceKey == null && customerKey == null
                && source.attributes().encryption().sameKeyAs(findUpload(bucket, key, uploadId).encryption())) {
            return multipart.sharePart(bucket, key, uploadId, partNumber, source, checksum.shared(), reservation);
        }
        try (InputStream in = checksum.tap().apply(objects.openObject(source, first, last, sourceKey))) {
            return multipart.uploadPart(bucket, key, uploadId, partNumber, in, last - first + 1,
                    checksum.streamed(), reservation, customerKey);
        }
    }

    /** One transaction; NO_SUCH_UPLOAD, INVALID_PART, INVALID_PART_ORDER, ENTITY_TOO_SMALL, write conditions. */
    public ObjectRecord completeMultipartUpload(Bucket bucket, String key, String uploadId,
                                                List<CompletedPart> parts, WriteCondition condition) {
        return completeMultipartUpload(bucket, key, uploadId, parts, condition, ChecksumCombiner.NONE);
    }

    /** As above; {@code combiner} computes the object's checksum from the chosen parts, in the transaction. */
    public ObjectRecord completeMultipartUpload(Bucket bucket, String key, String uploadId,
                                                List<CompletedPart> parts, WriteCondition condition,
                                                ChecksumCombiner combiner) {
        return multipart.complete(bucket, key, uploadId, parts, condition, combiner);
    }

    public void abortMultipartUpload(Bucket bucket, String key, String uploadId) {
        multipart.abort(bucket, key, uploadId);
    }

    /**
     * Aborts the uploads idle for longer than the configured expiry (their last part, or their creation, is
     * older); returns how many. For the background reaper, every {@link MultipartLimits#reapInterval}.
     */
    public int expireIdleUploads() {
        return multipart.expireIdle();
    }

    /** The open upload limit and the expiry in force. */
    public MultipartLimits limits() {
        return multipart.limits();
    }

    public PartsPage listParts(Bucket bucket, String key, String uploadId, int afterPart, int maxParts) {
        return multipart.listParts(bucket, key, uploadId, afterPart, maxParts);
    }

    public UploadsPage listMultipartUploads(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                            String uploadIdMarker, int maxUploads) {
        return multipart.listUploads(bucket, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
    }
}
