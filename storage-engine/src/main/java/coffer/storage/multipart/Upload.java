package coffer.storage.multipart;

import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An open multipart upload: where it will publish, when it began, and what the object will get: its headers, the
 * checksum algorithm and type the client chose ({@code checksumAlgorithm} null when it named none: the parts then
 * carry server-computed CRC64NVME values), its canned ACL and tags, and its encryption (SSE-S3 or SSE-KMS; every
 * part's wrapped data key is wrapped under the upload's KMS key, if any), and the object lock the completed object
 * gets (docs/object-lock.md).
 */
public record Upload(String uploadId, long bucketId, String key, Instant initiated, ObjectMetadata metadata,
                     String checksumAlgorithm, String checksumType, String acl, Map<String, String> tags,
                     ObjectEncryption encryption, ObjectLock lock) {
    public Upload {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initiated, "initiated");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(acl, "acl");
        tags = new ObjectAttributes(null, acl, tags).tags();
    }

    /** An upload whose object gets no object lock. */
    public Upload(String uploadId, long bucketId, String key, Instant initiated, ObjectMetadata metadata,
                  String checksumAlgorithm, String checksumType, String acl, Map<String, String> tags,
                  ObjectEncryption encryption) {
        this(uploadId, bucketId, key, initiated, metadata, checksumAlgorithm, checksumType, acl, tags, encryption,
                ObjectLock.NONE);
    }
}
