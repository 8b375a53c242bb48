package coffer.storage.multipart;

import coffer.storage.ObjectChecksum;
import java.util.List;
import java.util.Optional;

/**
 * Computes a completed multipart object's checksum from its parts, inside the Complete transaction (so from the
 * very parts it publishes). The storage engine does not know the algorithms; the S3 layer supplies this.
 */
@FunctionalInterface
public interface ChecksumCombiner {
    /** No checksum for the object. */
    ChecksumCombiner NONE = (upload, parts) -> Optional.empty();

    /** The object's checksum; empty when a part has none. {@code parts} are the chosen parts in object order. */
    Optional<ObjectChecksum> combine(Upload upload, List<UploadPart> parts);
}
