package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectStorage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The {@code x-amz-object-lock-*} headers (docs/object-lock.md): read from PutObject, CopyObject and
 * CreateMultipartUpload (with the bucket's default retention when they name none), and written on GET and HEAD.
 * Dates are ISO 8601 in UTC with milliseconds, as AWS writes them. Stateless.
 */
final class ObjectLockHeaders {
    static final String MODE = "x-amz-object-lock-mode";
    static final String RETAIN_UNTIL = "x-amz-object-lock-retain-until-date";
    static final String LEGAL_HOLD = "x-amz-object-lock-legal-hold";
    static final String BYPASS = "x-amz-bypass-governance-retention";
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final XmlReader DOCUMENT_READER = new XmlReader(64 * 1024);

    private ObjectLockHeaders() {
    }

    /**
     * The lock a new object written by this request gets: the one its headers name, else the bucket's default
     * retention. Lock headers on a bucket without object lock are InvalidRequest; a mode without a date (or the
     * reverse), an unknown mode or legal hold status, or a date not in the future are InvalidArgument. A request
     * with lock headers must carry Content-MD5 or a checksum (InvalidRequest), as AWS requires.
     */
    static ObjectLock forWrite(RequestContext ctx, ObjectStorage store, Bucket bucket) {
        return forWrite(ctx, store, bucket, true);
    }

    /** As above; {@code withBody} false for requests without a body to check (copy, multipart create). */
    static ObjectLock forWrite(RequestContext ctx, ObjectStorage store, Bucket bucket, boolean withBody) {
        String mode = ctx.header(MODE);
        String until = ctx.header(RETAIN_UNTIL);
        String hold = ctx.header(LEGAL_HOLD);
        if (mode == null && until == null && hold == null) {
            return bucket.objectLock() ? configuration(store, bucket).defaultLock(Instant.now()) : ObjectLock.NONE;
        }
        if (!bucket.objectLock()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Bucket is missing Object Lock Configuration");
        }
        // Only the owner may lock explicitly (AWS asks for s3:PutObjectRetention / s3:PutObjectLegalHold, which
        // Coffer grants to nobody else): a writer granted WRITE must not pin data in someone else's quota.
        if (!ctx.auth().principal().map(p -> p.accountId() == bucket.ownerId()).orElse(false)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        if ((mode == null) != (until == null)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-object-lock-retain-until-date and"
                    + " x-amz-object-lock-mode must both be supplied");
        }
        ObjectLock lock = ObjectLock.NONE;
        if (mode != null) {
            ObjectLock.Mode parsed = switch (mode) {
                case "GOVERNANCE" -> ObjectLock.Mode.GOVERNANCE;
                case "COMPLIANCE" -> ObjectLock.Mode.COMPLIANCE;
                default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unknown wormMode directive.");
            };
            Instant date = parseDate(until, S3ErrorCode.INVALID_ARGUMENT);
            requireFuture(date);
            lock = new ObjectLock(parsed, date, false);
        } else if (bucket.objectLock()) {
            lock = configuration(store, bucket).defaultLock(Instant.now());
        }
        if (hold != null) {
            lock = lock.withLegalHold(legalHold(hold));
        }
        if (withBody) {
            IntegrityHeaders.require(ctx);
        }
        return lock;
    }

    /** ON or OFF; InvalidArgument otherwise. */
    private static boolean legalHold(String status) {
        return switch (status) {
            case "ON" -> true;
            case "OFF" -> false;
            default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "Legal Hold must be either of 'ON' or 'OFF'");
        };
    }

    /** The bucket's lock configuration (no default retention when it has none stored). */
    static LockConfiguration configuration(ObjectStorage store, Bucket bucket) {
        return store.bucketSettings().document(bucket, LockConfiguration.DOCUMENT)
                .map(xml -> LockConfiguration.parse(DOCUMENT_READER.parse(
                        new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
                .orElse(LockConfiguration.NO_DEFAULT);
    }

    /** The lock headers of a GET or HEAD answer: only what the version has. */
    static void echo(S3Response response, ObjectLock lock) {
        if (lock.hasRetention()) {
            response.header(MODE, lock.mode().name());
            response.header(RETAIN_UNTIL, format(lock.retainUntil()));
        }
        if (lock.legalHold()) {
            response.header(LEGAL_HOLD, "ON");
        }
    }

    /**
     * Whether the request bypasses GOVERNANCE retention: it sends {@code x-amz-bypass-governance-retention: true}
     * and is signed by the bucket's owner. Anyone else (a grantee of an ACL or a bucket policy) never bypasses:
     * Coffer has no {@code s3:BypassGovernanceRetention} grant (docs/object-lock.md).
     */
    static boolean bypass(RequestContext ctx) {
        String value = ctx.header(BYPASS);
        if (value == null || !value.trim().equalsIgnoreCase("true")) {
            return false;
        }
        return ctx.auth().principal().map(p -> p.accountId() == ctx.bucket().ownerId()).orElse(false);
    }

    static String format(Instant instant) {
        return WIRE.format(instant);
    }

    /** An ISO 8601 date-time with an offset ({@code Z} or {@code +hh:mm}), or {@code error}. */
    static Instant parseDate(String text, S3ErrorCode error) {
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new S3Exception(error, "The retain until date is not a valid ISO 8601 date-time.");
        }
    }

    static void requireFuture(Instant date) {
        if (!date.isAfter(Instant.now())) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The retain until date must be in the future!");
        }
    }
}
