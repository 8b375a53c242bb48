package coffer.s3.support;

import coffer.storage.Bucket;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.CopyPart;
import coffer.storage.multipart.MultipartLimits;
import coffer.storage.multipart.MultipartStorage;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.multipart.UploadsPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The multipart uploads of a {@link MemoryStorage}, with the engine's rules: part numbers 1..10000, parts replaced
 * by number, a completion that lists parts in ascending order with their ETags, every part but the last at least
 * {@link MultipartUploads#MIN_PART_SIZE}, an object ETag of {@code md5(part md5s)-N}, SSE-C keys checked per
 * part. Thread-safe: every method holds the store's lock.
 */
public final class MemoryUploads implements MultipartStorage {
    private static final Comparator<Upload> ORDER = Comparator.comparing(Upload::key, MemoryStorage.KEY_ORDER)
            .thenComparing(Upload::uploadId);

    private final MemoryStorage storage;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Open> open = new LinkedHashMap<>();

    /** An upload in progress with its SSE-C key (null for none) and its parts by number. */
    private record Open(Upload upload, CustomerKey customerKey, TreeMap<Integer, UploadPart> parts) {
    }

    MemoryUploads(MemoryStorage storage) {
        this.storage = storage;
    }

    @Override
    public Upload createMultipartUpload(NewUpload n) {
        synchronized (storage) {
            storage.findBucket(n.bucket().name()).orElseThrow(
                    () -> new StoreException(Reason.NO_SUCH_BUCKET, "no bucket " + n.bucket().name()));
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    String.format("upload-%026d", ids.incrementAndGet()).getBytes());
            Upload upload = n.opened(id, MemoryStorage.now());
            open.put(id, new Open(upload, n.customerKey(), new TreeMap<>()));
            return upload;
        }
    }

    @Override
    public Upload findUpload(Bucket bucket, String key, String uploadId) {
        return find(bucket, key, uploadId).upload();
    }

    private Open find(Bucket bucket, String key, String uploadId) {
        synchronized (storage) {
            Open o = open.get(uploadId);
            if (o == null || o.upload().bucketId() != bucket.id() || !o.upload().key().equals(key)) {
                throw new StoreException(Reason.NO_SUCH_UPLOAD, "no upload " + uploadId);
            }
            return o;
        }
    }

    @Override
    public void checkCustomerKey(Bucket bucket, String key, String uploadId, CustomerKey customerKey)
            throws CustomerKeyException {
        CustomerKey upload = find(bucket, key, uploadId).customerKey();
        boolean matches = upload == null ? customerKey == null
                : customerKey != null && Arrays.equals(upload.bytes(), customerKey.bytes());
        if (!matches) {
            throw new CustomerKeyException(CustomerKeyException.Problem.UPLOAD_MISMATCH,
                    "the part's customer key does not match its upload's");
        }
    }

    @Override
    public UploadPart uploadPart(PutPart part) throws IOException {
        checkCustomerKey(part.bucket(), part.key(), part.uploadId(), part.customerKey());
        byte[] data = MemoryStorage.readBody(part.body(), part.length());
        return store(part.bucket(), part.key(), part.uploadId(), part.partNumber(),
                storage.storeBlob(data, part.customerKey()), part.checksum().get());
    }

    @Override
    public UploadPart uploadPartCopy(CopyPart copy) throws IOException {
        storage.checkCustomerKey(copy.source(), copy.sourceKey());
        checkCustomerKey(copy.bucket(), copy.key(), copy.uploadId(), copy.customerKey());
        ObjectRecord source = copy.source();
        if (!source.isMultipart() && copy.first() == 0 && copy.last() == source.size() - 1
                && copy.checksum().shareable() && copy.sourceKey() == null && copy.customerKey() == null) {
            return store(copy.bucket(), copy.key(), copy.uploadId(), copy.partNumber(), source.blob(),
                    copy.checksum().shared());
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (InputStream in = copy.checksum().tap().apply(storage.openObject(source, copy.first(), copy.last(),
                copy.sourceKey()))) {
            in.transferTo(data);
        }
        return store(copy.bucket(), copy.key(), copy.uploadId(), copy.partNumber(),
                storage.storeBlob(data.toByteArray(), copy.customerKey()), copy.checksum().streamed().get());
    }

    private UploadPart store(Bucket bucket, String key, String uploadId, int number, StoredBlob blob,
                             String checksum) {
        if (number < 1 || number > MultipartUploads.MAX_PART_NUMBER) {
            throw new IllegalArgumentException("part number must be 1..10000");
        }
        synchronized (storage) {
            UploadPart part = new UploadPart(number, MemoryStorage.now(), blob, checksum);
            find(bucket, key, uploadId).parts().put(number, part);
            return part;
        }
    }

    @Override
    public ObjectRecord completeMultipartUpload(CompleteUpload c) {
        synchronized (storage) {
            Open o = find(c.bucket(), c.key(), c.uploadId());
            List<UploadPart> chosen = new ArrayList<>();
            int previous = 0;
            for (CompletedPart want : c.parts()) {
                if (want.partNumber() <= previous) {
                    throw new StoreException(Reason.INVALID_PART_ORDER, "parts are not in ascending order");
                }
                previous = want.partNumber();
                UploadPart have = o.parts().get(want.partNumber());
                if (have == null || !have.etag().equals(want.etag())) {
                    throw new StoreException(Reason.INVALID_PART, "part " + want.partNumber() + " not found");
                }
                chosen.add(have);
            }
            for (int i = 0; i < chosen.size() - 1; i++) {
                if (chosen.get(i).size() < MultipartUploads.MIN_PART_SIZE) {
                    throw new StoreException(Reason.ENTITY_TOO_SMALL, "part " + chosen.get(i).partNumber()
                            + " is too small");
                }
            }
            ByteArrayOutputStream md5s = new ByteArrayOutputStream();
            chosen.forEach(p -> md5s.writeBytes(p.blob().md5()));
            String etag = HexFormat.of().formatHex(MemoryStorage.md5(md5s.toByteArray())) + "-" + chosen.size();
            Upload u = o.upload();
            ObjectChecksum checksum = c.combiner().combine(u, chosen).orElse(null);
            ObjectAttributes attributes = new ObjectAttributes(checksum, u.acl(), u.tags(),
                    chosen.stream().map(UploadPart::checksum).toList(), u.encryption());
            ObjectRecord done = storage.publish(c.bucket(), new ObjectRecord(c.bucket().id(), c.key(),
                    chosen.stream().mapToLong(UploadPart::size).sum(), etag, MemoryStorage.now(), u.metadata(),
                    chosen.stream().map(UploadPart::blob).toList(), chosen.size(), attributes), c.condition());
            open.remove(c.uploadId());
            return done;
        }
    }

    @Override
    public void abortMultipartUpload(Bucket bucket, String key, String uploadId) {
        synchronized (storage) {
            find(bucket, key, uploadId);
            open.remove(uploadId);
        }
    }

    @Override
    public MultipartLimits limits() {
        return MultipartLimits.DEFAULTS;
    }

    @Override
    public PartsPage listParts(Bucket bucket, String key, String uploadId, int afterPart, int maxParts) {
        synchronized (storage) {
            Open o = find(bucket, key, uploadId);
            List<UploadPart> after = List.copyOf(o.parts().tailMap(afterPart, false).values());
            boolean truncated = after.size() > maxParts;
            List<UploadPart> shown = truncated ? after.subList(0, maxParts) : after;
            int next = shown.isEmpty() ? 0 : shown.get(shown.size() - 1).partNumber();
            return new PartsPage(o.upload(), shown, truncated, next);
        }
    }

    @Override
    public UploadsPage listMultipartUploads(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                            String uploadIdMarker, int maxUploads) {
        synchronized (storage) {
            String from = prefix == null ? "" : prefix;
            List<Upload> all = open.values().stream().map(Open::upload)
                    .filter(u -> u.bucketId() == bucket.id() && u.key().startsWith(from)).sorted(ORDER).toList();
            List<Upload> uploads = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            String lastKey = null;
            String lastId = null;
            boolean truncated = false;
            for (Upload u : all) {
                if (keyMarker != null && !keyMarker.isEmpty() && !after(u, keyMarker, uploadIdMarker)) {
                    continue;
                }
                String rolled = Listing.rollUp(u.key(), from, delimiter);
                if (rolled != null && (rolled.equals(lastKey) || (keyMarker != null
                        && MemoryStorage.KEY_ORDER.compare(rolled, keyMarker) <= 0))) {
                    continue;
                }
                if (uploads.size() + prefixes.size() == maxUploads) {
                    truncated = true;
                    break;
                }
                if (rolled != null) {
                    prefixes.add(rolled);
                    lastKey = rolled;
                    lastId = null;
                } else {
                    uploads.add(u);
                    lastKey = u.key();
                    lastId = u.uploadId();
                }
            }
            return new UploadsPage(uploads, prefixes, truncated, truncated ? lastKey : null,
                    truncated ? lastId : null);
        }
    }

    /** Whether {@code u} comes after the markers: a later key, or the marker's key with a later upload id. */
    private static boolean after(Upload u, String keyMarker, String uploadIdMarker) {
        int byKey = MemoryStorage.KEY_ORDER.compare(u.key(), keyMarker);
        if (byKey != 0 || uploadIdMarker == null || uploadIdMarker.isEmpty()) {
            return byKey > 0;
        }
        return u.uploadId().compareTo(uploadIdMarker) > 0;
    }
}
