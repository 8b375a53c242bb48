package coffer.it.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One client thread: puts (new version of a key, as one PUT or as a multipart upload), deletes and reads, on its
 * own keys only, until {@link #stop} or its first failure. One multipart upload in five is aborted after its parts
 * instead of completed (the key must stay as it was). Every success is recorded in the {@link AckLog}; an
 * operation that fails after the kill began stays pending there (its outcome is unknown). A failure while the
 * gateway was alive, or an acknowledged answer that is wrong (ETag, content), is a problem reported to
 * {@code problems}. Not thread-safe: one thread runs it.
 */
final class ClientWorker implements Runnable {
    static final String VERSION_META = "v";
    /** The part size of a multipart upload's object (absent for a PUT): with the version it decides the ETag. */
    static final String PART_SIZE_META = "ps";

    private final S3Client s3;
    private final String bucket;
    private final List<String> keys;
    private final AckLog log;
    private final CrashSettings settings;
    private final Random random;
    private final AtomicBoolean killing;
    private final Consumer<String> problems;
    private volatile boolean stop;

    ClientWorker(S3Client s3, String bucket, List<String> keys, AckLog log, CrashSettings settings, Random random,
                 AtomicBoolean killing, Consumer<String> problems) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
        this.log = log;
        this.settings = settings;
        this.random = random;
        this.killing = killing;
        this.problems = problems;
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        while (!stop) {
            String key = keys.get(random.nextInt(keys.size()));
            int op = random.nextInt(100);
            try {
                if (op < 65 && settings.nextWriteIsMultipart(random)) {
                    multipart(key);
                } else if (op < 65) {
                    put(key);
                } else if (op < 85) {
                    delete(key);
                } else {
                    read(key);
                }
            } catch (RuntimeException | IOException e) {
                if (!killing.get()) {
                    problems.accept("operation on " + key + " failed while the gateway was up: " + e);
                }
                return; // after the kill every request fails until the restart
            }
        }
    }

    private void put(String key) {
        long version = log.nextVersion(key);
        long size = settings.nextSize(random);
        log.begin(key, ObjectState.single(version, size));
        PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key(key)
                        .metadata(Map.of(VERSION_META, Long.toString(version))),
                RequestBody.fromContentProvider(() -> VersionContent.stream(key, version, size), size,
                        "application/octet-stream"));
        log.acknowledge(key);
        String expected = VersionContent.quotedHex(VersionContent.md5(key, version, size));
        if (!expected.equals(r.eTag())) {
            problems.accept("PUT " + key + " v" + version + " acknowledged with ETag " + r.eTag() + ", not " + expected);
        }
    }

    /**
     * CreateMultipartUpload, the parts in order, then CompleteMultipartUpload (or, one time in five, Abort). Only
     * the Complete can change the key, so only it is logged; a kill before it leaves an upload in progress, which
     * must never be visible as an object.
     */
    private void multipart(String key) {
        ObjectState target = settings.nextMultipart(log.nextVersion(key), random);
        boolean abort = random.nextInt(5) == 0;
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(Map.of(
                VERSION_META, Long.toString(target.version()),
                PART_SIZE_META, Long.toString(target.partSize())))).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < target.partCount(); i++) {
            int number = i + 1;
            long offset = target.partOffset(i);
            long length = target.partLength(i);
            UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(number).contentLength(length), RequestBody.fromContentProvider(
                    () -> VersionContent.stream(key, target.version(), offset, length), length,
                    "application/octet-stream"));
            String expected = VersionContent.quotedHex(VersionContent.md5(key, target.version(), offset, length));
            if (!expected.equals(r.eTag())) {
                problems.accept("part " + number + " of " + key + " " + target + " acknowledged with ETag "
                        + r.eTag() + ", not " + expected);
            }
            parts.add(CompletedPart.builder().partNumber(number).eTag(r.eTag()).build());
        }
        if (abort) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            return;
        }
        log.begin(key, target);
        CompleteMultipartUploadResponse r = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        log.acknowledge(key);
        String expected = VersionContent.etag(key, target);
        if (!expected.equals(r.eTag())) {
            problems.accept("Complete " + key + " " + target + " acknowledged with ETag " + r.eTag() + ", not "
                    + expected);
        }
    }

    private void delete(String key) {
        log.begin(key, ObjectState.ABSENT);
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        log.acknowledge(key);
    }

    /** A read while writes go on must see the acknowledged state: this thread is the key's only writer. */
    private void read(String key) throws IOException {
        ObjectState expected = log.acknowledged(key);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            String v = in.response().metadata().get(VERSION_META);
            if (!expected.present() || !Long.toString(expected.version()).equals(v)) {
                report("GET " + key + " returned version " + v + ", acknowledged is " + expected);
                return;
            }
            String mismatch = VersionContent.mismatch(in, key, expected.version(), expected.size());
            if (mismatch != null) {
                report("GET " + key + " " + expected + ": " + mismatch);
            }
        } catch (NoSuchKeyException e) {
            if (expected.present()) {
                report("GET " + key + " found nothing, acknowledged is " + expected);
            }
        }
    }

    /** A wrong read counts only while the gateway is up: a response cut by the kill is no evidence. */
    private void report(String problem) {
        if (!killing.get()) {
            problems.accept(problem);
        }
    }
}
