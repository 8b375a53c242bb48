package coffer.storage.multipart;

import java.io.InputStream;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * How UploadPartCopy obtains the new part's checksum. {@code shareable}: a whole single-blob source may be shared
 * without reading it, and the part then gets {@code shared} (null: no checksum). Otherwise the source's bytes are
 * read through {@code tap} and the part gets {@code streamed.get()} once they have all been read.
 */
public record PartCopyChecksum(boolean shareable, String shared, UnaryOperator<InputStream> tap,
                               Supplier<String> streamed) {
    /** No checksum wanted: share whenever possible. */
    public static final PartCopyChecksum NONE = new PartCopyChecksum(true, null, in -> in, () -> null);
}
