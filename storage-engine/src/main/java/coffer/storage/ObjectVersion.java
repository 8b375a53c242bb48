package coffer.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One version of a key (docs/versioning.md): an object version, or a delete marker. {@code versionId} is the id as
 * S3 shows it ({@value #NULL_ID} for the null version); {@code latest} whether it is the key's newest version;
 * {@code object} the version's row, null for a delete marker.
 */
public record ObjectVersion(String key, String versionId, Instant lastModified, boolean deleteMarker,
                            boolean latest, ObjectRecord object) {
    /** The wire id of the null version. */
    public static final String NULL_ID = "null";
    private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-f]{32}");

    public ObjectVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(lastModified, "lastModified");
        if (deleteMarker != (object == null)) {
            throw new IllegalArgumentException("a delete marker has no object, an object version has one");
        }
    }

    /** An object version. */
    public static ObjectVersion of(ObjectRecord object, boolean latest) {
        return new ObjectVersion(object.key(), object.wireVersionId(), object.lastModified(), false, latest, object);
    }

    /** A delete marker. */
    public static ObjectVersion marker(String key, String versionId, Instant lastModified, boolean latest) {
        return new ObjectVersion(key, versionId, lastModified, true, latest, null);
    }

    /** Whether {@code id} is {@value #NULL_ID} or has the form of the ids this server makes (32 hex digits). */
    public static boolean isWellFormedId(String id) {
        return NULL_ID.equals(id) || (id != null && WELL_FORMED.matcher(id).matches());
    }
}
