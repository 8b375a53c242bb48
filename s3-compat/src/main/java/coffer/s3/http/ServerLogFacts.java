package coffer.s3.http;

/**
 * What the S3 layer knows of a request on a bucket with server access logging on (docs/access-logging.md): the
 * fields of AWS's log line that only it can tell, and where the record goes. The gateway adds what the HTTP
 * exchange tells (time, remote address, status, bytes, times, headers) and delivers it. Holds no secret. Fields
 * that do not apply are null (or -1), written {@code -} in the line.
 *
 * @param bucketOwner      the canonical id of the logged bucket's owner
 * @param requester        the canonical id of the signer's account, null for an anonymous request
 * @param operation        AWS's operation name, such as {@code REST.GET.OBJECT}
 * @param versionId        the version the request read or wrote
 * @param objectSize       the object's size (GET, HEAD: the object read; PUT, part: the body), -1 otherwise
 * @param signatureVersion {@code SigV2} or {@code SigV4}
 * @param authType         {@code AuthHeader}, {@code QueryString} (presigned) or {@code HtmlForm} (POST)
 * @param targetBucket     the bucket the record goes to
 * @param targetPrefix     its key prefix
 * @param partitioned      PartitionedPrefix keys rather than SimplePrefix
 * @param eventTime        with PartitionedPrefix, the date comes from the records rather than the delivery
 * @param region           the source bucket's region (PartitionedPrefix keys name it)
 */
public record ServerLogFacts(String bucketOwner, String requester, String operation, String versionId,
                             long objectSize, String signatureVersion, String authType, String targetBucket,
                             String targetPrefix, boolean partitioned, boolean eventTime, String region) {
}
