package coffer.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A conditional delete (S3 {@code If-Match}, {@code x-amz-if-match-last-modified-time} and
 * {@code x-amz-if-match-size} on DeleteObject, or an object's {@code ETag}, {@code LastModifiedTime} and
 * {@code Size} in DeleteObjects), decided inside the deleting transaction on the locked row. Every condition given
 * must hold, else PRECONDITION_FAILED; a key that does not exist is simply not deleted (no error).
 *
 * @param ifMatchEtag         null, {@link WriteCondition#ANY}, or the ETag (unquoted) the object must have
 * @param ifMatchLastModified null, or the object's Last-Modified, compared to the second (as HTTP dates carry it)
 * @param ifMatchSize         null, or the object's size in bytes
 */
public record DeleteCondition(String ifMatchEtag, Instant ifMatchLastModified, Long ifMatchSize) {
    public static final DeleteCondition NONE = new DeleteCondition(null, null, null);

    public boolean isNone() {
        return ifMatchEtag == null && ifMatchLastModified == null && ifMatchSize == null;
    }

    /** Whether an object with this ETag, Last-Modified and size may be deleted. */
    public boolean holds(String etag, Instant lastModified, long size) {
        if (ifMatchEtag != null && !ifMatchEtag.equals(WriteCondition.ANY) && !ifMatchEtag.equals(etag)) {
            return false;
        }
        if (ifMatchLastModified != null && !ifMatchLastModified.truncatedTo(ChronoUnit.SECONDS)
                .equals(lastModified.truncatedTo(ChronoUnit.SECONDS))) {
            return false;
        }
        return ifMatchSize == null || ifMatchSize == size;
    }
}
