package coffer.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an object carries besides data and headers: its stored checksum (null when it has none, as objects written
 * before checksums were stored), its access control list in the S3 layer's encoding (printable ASCII, at most
 * {@link #MAX_ACL_LENGTH} characters; the storage engine never interprets it), its tags (sorted by key,
 * unmodifiable), and for a multipart object the checksum of each part in order ({@code partChecksums}, entries may
 * be null; empty when not loaded or for a single-blob object), and how it is encrypted ({@link ObjectEncryption};
 * SSE-S3 unless said otherwise), and its object lock ({@link ObjectLock}, docs/object-lock.md). Immutable.
 */
public record ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags,
                               List<String> partChecksums, ObjectEncryption encryption, ObjectLock lock) {
    public static final String PRIVATE = "private";
    public static final String PUBLIC_READ = "public-read";
    /** The width of the catalog's acl columns. */
    public static final int MAX_ACL_LENGTH = 4096;
    public static final ObjectAttributes DEFAULT = new ObjectAttributes(null, PRIVATE, Map.of(), List.of());

    public ObjectAttributes {
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(lock, "lock");
        requireValidAcl(acl);
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        partChecksums = Collections.unmodifiableList(new ArrayList<>(partChecksums));
    }

    /** Attributes without an object lock. */
    public ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags,
                            List<String> partChecksums, ObjectEncryption encryption) {
        this(checksum, acl, tags, partChecksums, encryption, ObjectLock.NONE);
    }

    /** SSE-S3 attributes. */
    public ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags,
                            List<String> partChecksums) {
        this(checksum, acl, tags, partChecksums, ObjectEncryption.SSE_S3);
    }

    public ObjectAttributes(ObjectChecksum checksum, String acl, Map<String, String> tags) {
        this(checksum, acl, tags, List.of());
    }

    /** An ACL the catalog can hold: 1..{@link #MAX_ACL_LENGTH} printable ASCII characters. */
    public static String requireValidAcl(String acl) {
        Objects.requireNonNull(acl, "acl");
        if (acl.isEmpty() || acl.length() > MAX_ACL_LENGTH || !acl.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw new IllegalArgumentException("acl must be 1.." + MAX_ACL_LENGTH + " printable ASCII characters");
        }
        return acl;
    }

    public ObjectAttributes withChecksum(ObjectChecksum newChecksum, List<String> newPartChecksums) {
        return new ObjectAttributes(newChecksum, acl, tags, newPartChecksums, encryption, lock);
    }

    public ObjectAttributes withAcl(String newAcl) {
        return new ObjectAttributes(checksum, newAcl, tags, partChecksums, encryption, lock);
    }

    public ObjectAttributes withTags(Map<String, String> newTags) {
        return new ObjectAttributes(checksum, acl, newTags, partChecksums, encryption, lock);
    }

    public ObjectAttributes withEncryption(ObjectEncryption newEncryption) {
        return new ObjectAttributes(checksum, acl, tags, partChecksums, newEncryption, lock);
    }

    public ObjectAttributes withLock(ObjectLock newLock) {
        return new ObjectAttributes(checksum, acl, tags, partChecksums, encryption, newLock);
    }
}
