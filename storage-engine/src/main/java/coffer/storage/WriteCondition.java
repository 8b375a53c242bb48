package coffer.storage;

/**
 * A conditional write (S3 {@code If-None-Match: *} / {@code If-Match: <etag>} on PutObject, CopyObject and
 * CompleteMultipartUpload), decided inside the publishing transaction on the locked row, never beforehand.
 *
 * @param ifNoneExists the key must not exist: PRECONDITION_FAILED if it does, CONDITIONAL_REQUEST_CONFLICT if a
 *                     concurrent writer creates it first
 * @param ifMatchEtag  null, or the ETag (lower-case hex, unquoted) the current object must have: NO_SUCH_KEY if
 *                     there is none, PRECONDITION_FAILED if it differs; {@link #ANY} matches any object
 * @param ifNoneMatchEtag null, or an ETag the current object must not have (PRECONDITION_FAILED if it does)
 */
public record WriteCondition(boolean ifNoneExists, String ifMatchEtag, String ifNoneMatchEtag) {
    public static final WriteCondition NONE = new WriteCondition(false, null, null);
    /** {@code If-Match: *}: any current object will do, but there must be one. */
    public static final String ANY = "*";

    public WriteCondition(boolean ifNoneExists, String ifMatchEtag) {
        this(ifNoneExists, ifMatchEtag, null);
    }

    public boolean isNone() {
        return !ifNoneExists && ifMatchEtag == null && ifNoneMatchEtag == null;
    }
}
