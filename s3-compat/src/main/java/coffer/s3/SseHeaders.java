package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.DefaultEncryption;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectStorage;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * SSE-S3 and SSE-KMS on the wire: decides how a new object (or upload) is encrypted from
 * {@code x-amz-server-side-encryption}, {@code ...-aws-kms-key-id} and {@code ...-bucket-key-enabled} (headers, or
 * the fields of a POST form), falling back on the bucket's default encryption, and echoes the outcome.
 *
 * <p>The built-in key manager accepts any well-formed key id (or ARN, or alias) and derives its key on demand, so
 * {@code aws:kms} never fails for an unknown key; without a key id the account's default key is used, named
 * {@code arn:aws:kms:<region>:<account, 12 digits>:alias/aws/s3} (AWS calls it aws/s3). Key ids are compared as
 * written: an id and its ARN are two different keys. Stateless apart from the store; thread-safe.
 */
final class SseHeaders {
    static final String ALGORITHM = "x-amz-server-side-encryption";
    static final String KMS_KEY_ID = "x-amz-server-side-encryption-aws-kms-key-id";
    static final String BUCKET_KEY = "x-amz-server-side-encryption-bucket-key-enabled";

    private final ObjectStorage store;

    SseHeaders(ObjectStorage store) {
        this.store = store;
    }

    /** The encryption of an object written by {@code ctx} (PutObject, CopyObject, CreateMultipartUpload). */
    ObjectEncryption forWrite(RequestContext ctx, Bucket bucket, boolean customerKey) {
        return resolve(ctx::header, bucket, customerKey);
    }

    /**
     * The encryption asked for by {@code lookup} (a header or form field by its lower-case name), else the bucket's
     * default, else SSE-S3. An SSE-C object ({@code customerKey}) is never SSE-KMS: the request's SSE-KMS fields
     * were refused already, and a bucket default does not apply to it.
     */
    ObjectEncryption resolve(UnaryOperator<String> lookup, Bucket bucket, boolean customerKey) {
        Optional<ObjectEncryption> requested = requested(lookup, bucket, customerKey);
        if (requested.isPresent() || customerKey) {
            return requested.orElse(ObjectEncryption.SSE_S3);
        }
        Optional<DefaultEncryption> byDefault = store.bucketSettings().encryption(bucket);
        if (byDefault.isEmpty() || !byDefault.get().isKms()) {
            return new ObjectEncryption(null, byDefault.map(DefaultEncryption::bucketKeyEnabled).orElse(false));
        }
        String keyId = byDefault.get().kmsKeyId();
        return ObjectEncryption.kms(keyId != null ? keyId : defaultKeyId(bucket), byDefault.get().bucketKeyEnabled());
    }

    /** What the request itself asks for, if anything; InvalidArgument for what S3 refuses. */
    static Optional<ObjectEncryption> requested(UnaryOperator<String> lookup, Bucket bucket, boolean customerKey) {
        return validate(lookup, customerKey).map(r -> r.kms()
                ? ObjectEncryption.kms(r.keyId() != null ? r.keyId() : defaultKeyId(bucket), r.bucketKeyEnabled())
                : new ObjectEncryption(null, r.bucketKeyEnabled()));
    }

    /** A request's SSE fields, checked; {@code keyId} null for the account's default key. */
    record Requested(boolean kms, String keyId, boolean bucketKeyEnabled) {
    }

    /** Checks the request's SSE fields as S3 does: InvalidArgument for conflicts and unknown values. */
    static Optional<Requested> validate(UnaryOperator<String> lookup, boolean customerKey) {
        String algorithm = trimmed(lookup.apply(ALGORITHM));
        String keyId = trimmed(lookup.apply(KMS_KEY_ID));
        String bucketKey = trimmed(lookup.apply(BUCKET_KEY));
        if (algorithm == null) {
            if (keyId != null) {
                throw invalid(KMS_KEY_ID, "x-amz-server-side-encryption-aws-kms-key-id header requires "
                        + "x-amz-server-side-encryption:aws:kms");
            }
            return Optional.empty();
        }
        if (customerKey) {
            throw invalid(ALGORITHM, "Server Side Encryption with Customer provided key is incompatible with the "
                    + "encryption method specified");
        }
        boolean bucketKeyEnabled = bucketKey != null && bucketKey.toLowerCase(Locale.ROOT).equals("true");
        if (algorithm.equals(ObjectEncryption.AES256)) {
            if (keyId != null) {
                throw invalid(KMS_KEY_ID, "Server Side Encryption with AWS KMS managed key requires "
                        + "x-amz-server-side-encryption:aws:kms");
            }
            return Optional.of(new Requested(false, null, bucketKeyEnabled));
        }
        if (!algorithm.equals(ObjectEncryption.AWS_KMS)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The encryption method specified is not supported",
                    Map.of("ArgumentName", ALGORITHM, "ArgumentValue", algorithm), null);
        }
        if (keyId != null && !ObjectEncryption.isWellFormedKeyId(keyId)) {
            throw invalid(KMS_KEY_ID, "Invalid keyId");
        }
        return Optional.of(new Requested(true, keyId, bucketKeyEnabled));
    }

    /** The account's default KMS key (aws/s3) as the bucket owner's. */
    static String defaultKeyId(Bucket bucket) {
        return String.format(Locale.ROOT, "arn:aws:kms:%s:%012d:alias/aws/s3", bucket.region(), bucket.ownerId());
    }

    /** Adds {@code x-amz-server-side-encryption} (and the KMS key id and bucket-key flag) to a response. */
    static S3Response echo(S3Response response, ObjectEncryption encryption) {
        response.header(ALGORITHM, encryption.algorithm());
        if (encryption.isKms()) {
            response.header(KMS_KEY_ID, encryption.kmsKeyId());
        }
        if (encryption.bucketKeyEnabled()) {
            response.header(BUCKET_KEY, "true");
        }
        return response;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    private static S3Exception invalid(String argument, String message) {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message, Map.of("ArgumentName", argument), null);
    }
}
