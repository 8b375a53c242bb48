package coffer.storage.internal.blob.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The object {@value #NAME} under an S3 store's prefix: the id of the catalog whose blobs the store holds
 * ({@code blob_store.catalog_marker}, V47). Outside {@code blobs/} and {@code packs/}, so that neither reconciliation
 * nor compaction ever takes it for a blob. Checked at every start by {@link BlobStoreRecord#checkStart}.
 */
public final class StoreMarker {
    static final String NAME = "catalog-id";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final S3Backend backend;

    StoreMarker(S3Backend backend) {
        this.backend = backend;
    }

    /** The catalog id the store names, if it has the object; what is not an id counts as another catalog's. */
    Optional<String> read() throws IOException {
        byte[] bytes;
        try {
            long length = backend.head(NAME).contentLength();
            if (length == 0 || length > 64) {
                return Optional.of("");
            }
            bytes = backend.getBytes(NAME, 0, length - 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String id = new String(bytes, StandardCharsets.US_ASCII).strip();
        return Optional.of(ID.matcher(id).matches() ? id : "");
    }

    void write(String id) throws IOException {
        byte[] bytes = (id + "\n").getBytes(StandardCharsets.US_ASCII);
        backend.put(NAME, bytes, bytes.length);
    }

    /** Where the object is, for messages. */
    @Override
    public String toString() {
        return "object " + backend.key(NAME) + " in bucket " + backend.bucket();
    }
}
