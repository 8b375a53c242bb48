package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobStoreUnavailableException;
import coffer.storage.blob.S3BlobSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The S3 requests the blob backend makes, on one AWS SDK v2 client: path-style addressing, checksums only where an
 * operation requires them (S3-compatible stores differ in which trailing checksums they accept; every stored byte
 * is covered by our own CRC32C and GCM tags anyway), bounded retries with backoff (the SDK's standard strategy: 5xx,
 * throttling, connection errors), short connect timeouts. Every failure leaves as an {@link IOException}:
 * {@link NoSuchFileException} for a missing object, {@link BlobStoreUnavailableException} for an outage or
 * throttling that outlasted the retries, plain {@link IOException} for anything else. Messages name object keys,
 * never credentials. Thread-safe.
 */
final class S3Backend implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final S3Client s3;
    /** Bytes asked for by ranged GETs so far (what reads cost the store; tests check ranges stay narrow). */
    private final java.util.concurrent.atomic.AtomicLong rangedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final String bucket;
    private final String prefix;

    S3Backend(S3BlobSettings settings) {
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.s3 = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128)
                        .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts()).build()))
                .build();
    }

    String bucket() {
        return bucket;
    }

    /** The full object key of {@code name} (prefix applied). */
    String key(String name) {
        return prefix + name;
    }

    /** Stores {@code bytes[0, length)} as object {@code name} in one request. */
    void put(String name, byte[] bytes, int length) throws IOException {
        call("PUT " + name, () -> s3.putObject(b -> b.bucket(bucket).key(key(name)).contentLength((long) length),
                body(bytes, length)));
    }

    /** Bytes {@code first..last} (inclusive) of object {@code name}, streamed; the caller closes (or aborts) it. */
    ResponseInputStream<GetObjectResponse> get(String name, long first, long last) throws IOException {
        rangedBytes.addAndGet(last - first + 1);
        return call("GET " + name, () -> s3.getObject(b -> b.bucket(bucket).key(key(name))
                .range("bytes=" + first + "-" + last)));
    }

    /** Bytes {@code first..last} of object {@code name}, read whole (for small ranges). */
    byte[] getBytes(String name, long first, long last) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = get(name, first, last)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != last - first + 1) {
                throw new IOException("GET " + name + " returned " + bytes.length + " bytes, expected "
                        + (last - first + 1));
            }
            return bytes;
        } catch (SdkException e) {
            throw translate("GET " + name, e);
        }
    }

    /** Bytes asked for by ranged GETs since this client was made. */
    long rangedBytes() {
        return rangedBytes.get();
    }

    /** The object's length and modification time. */
    HeadObjectResponse head(String name) throws IOException {
        return call("HEAD " + name, () -> s3.headObject(b -> b.bucket(bucket).key(key(name))));
    }

    /** Deletes object {@code name}; a missing object is not an error. */
    void delete(String name) throws IOException {
        call("DELETE " + name, () -> s3.deleteObject(b -> b.bucket(bucket).key(key(name))));
    }

    /** Every object whose name starts with {@code namePrefix}, lazily, page by page; names without the prefix. */
    Stream<S3Object> list(String namePrefix) throws IOException {
        return call("LIST " + namePrefix, () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket)
                .prefix(key(namePrefix))).contents().stream());
    }

    /** The name of {@code object} without the backend prefix. */
    String nameOf(S3Object object) {
        return object.key().substring(prefix.length());
    }

    String startUpload(String name) throws IOException {
        return call("CREATE UPLOAD " + name,
                () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key(name))).uploadId());
    }

    /** Uploads part {@code number} from {@code bytes[0, length)}; returns its ETag. */
    String uploadPart(String name, String uploadId, int number, byte[] bytes, int length) throws IOException {
        return call("UPLOAD PART " + number + " of " + name, () -> s3.uploadPart(b -> b.bucket(bucket)
                .key(key(name)).uploadId(uploadId).partNumber(number).contentLength((long) length),
                body(bytes, length)).eTag());
    }

    void completeUpload(String name, String uploadId, List<CompletedPart> parts) throws IOException {
        call("COMPLETE UPLOAD " + name, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key(name))
                .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
    }

    void abortUpload(String name, String uploadId) throws IOException {
        call("ABORT UPLOAD " + name, () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(name))
                .uploadId(uploadId)));
    }

    /** Whether the bucket answers now: one HEAD, within a short timeout. */
    boolean reachable() {
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    /** A body the SDK can re-read from the start for each retry, without copying the array. */
    private static RequestBody body(byte[] bytes, int length) {
        ContentStreamProvider provider = () -> new ByteArrayInputStream(bytes, 0, length);
        return RequestBody.fromContentProvider(provider, length, "application/octet-stream");
    }

    private static <T> T call(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /** The SDK's failure as the engine's: missing, unavailable (outage or throttling), or another I/O failure. */
    static IOException translate(String what, SdkException e) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException io = new InterruptedIOException(what + " was interrupted");
            io.initCause(e);
            return io;
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (status == 404) {
                NoSuchFileException missing = new NoSuchFileException(what + ": no such object");
                missing.initCause(e);
                return missing;
            }
            boolean throttled = status == 429 || "SlowDown".equals(code) || "Throttling".equals(code);
            if (throttled || status >= 500 || status == 403) {
                // 403: the store refuses our credentials; the gateway cannot serve until the operator fixes it.
                return new BlobStoreUnavailableException("blob store: " + what + " failed with " + status
                        + (code == null ? "" : " " + code), throttled, e);
            }
            return new IOException("blob store: " + what + " failed with " + status
                    + (code == null ? "" : " " + code), e);
        }
        if (e instanceof SdkClientException) {
            return new BlobStoreUnavailableException("blob store unreachable: " + what + ": " + e.getMessage(),
                    false, e);
        }
        return new IOException("blob store: " + what + " failed: " + e.getMessage(), e);
    }

    /** When the object was last written, per the store. */
    static Instant lastModified(S3Object o) {
        return o.lastModified();
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Backend[" + bucket + "/" + prefix + "]";
    }
}
