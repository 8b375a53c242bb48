package coffer.s3.auth;

/** What a request's {@code x-amz-checksum-*} headers are about, which its operation decides. */
enum BodyChecksumHeaders {
    /** The checksum of the request body, checked as it is read (PutObject, UploadPart, ...). */
    COVER_BODY,
    /**
     * The checksum the object is to get (CompleteMultipartUpload: checked by its handler against the one combined
     * from the parts), not the checksum of the request's XML body.
     */
    DESCRIBE_OBJECT
}
