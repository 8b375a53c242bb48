package coffer.s3.auth;

/**
 * One check over a body: it sees every byte as the consumer reads it and decides at EOF. {@link #atEof} throws
 * {@link coffer.s3.error.S3Exception} when the body is not what the request promised.
 */
interface BodyCheck {

    void update(byte[] bytes, int offset, int length);

    void atEof(long totalBytes);
}
