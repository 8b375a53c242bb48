package coffer.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an object carries besides data and headers: its stored checksum (null when it has none, as objects written
 * before checksums were stored), its canned ACL ({@code private} or {@code public-read}), its tags (sorted by key,
 * unmodifiable), and for a multipart object the checksum of each part in order ({@code partChecksums}, entries may
 * be null; empty when not loaded or for a single-blob object), and how it is encrypted ({@link ObjectEncryption};
 * SSE-S3 unless said otherwise). Immutable.
 */
public record ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags,
                               List<String> partChecksums, ObjectEncryption encryption) {
    public static final String PRIVATE = "private";
    public static final String PUBLIC_READ = "public-read";
    public static final ObjectAttributes DEFAULT = new ObjectAttributes(null, PRIVATE, Map.of(), List.of());

    public ObjectAttributes {
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(encryption, "encryption");
        if (!acl.equals(PRIVATE) && !acl.equals(PUBLIC_READ)) {
            throw new IllegalArgumentException("acl must be private or public-read");
        }
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        partChecksums = Collections.unmodifiableList(new ArrayList<>(partChecksums));
    }

    /** SSE-S3 attributes. */
    public ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags,
                            List<String> partChecksums) {
        this(checksum, acl, tags, partChecksums, ObjectEncryption.SSE_S3);
    }

    public ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags) {
        this(checksum, acl, tags, List.of());
    }

    public boolean isPublicRead() {
        return acl.equals(PUBLIC_READ);
    }

    public ObjectAttributes withChecksum(ObjectChecksum newChecksum, List<String> newPartChecksums) {
        return new ObjectAttributes(newChecksum, acl, tags, newPartChecksums, encryption);
    }

    public ObjectAttributes withAcl(String newAcl) {
        return new ObjectAttributes(checksum, newAcl, tags, partChecksums, encryption);
    }

    public ObjectAttributes withTags(Map<String, String> newTags) {
        return new ObjectAttributes(checksum, acl, newTags, partChecksums, encryption);
    }

    public ObjectAttributes withEncryption(ObjectEncryption newEncryption) {
        return new ObjectAttributes(checksum, acl, tags, partChecksums, newEncryption);
    }
}
