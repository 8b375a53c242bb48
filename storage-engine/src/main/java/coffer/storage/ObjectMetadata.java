package coffer.storage;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers stored with an object. Every string may be null (header absent). User metadata keys are the
 * names after {@code x-amz-meta-}, lower-cased here; the map is sorted by key and unmodifiable.
 */
public record ObjectMetadata(String contentType, String contentDisposition, String contentEncoding,
                             String contentLanguage, String cacheControl, String expires,
                             Map<String, String> userMetadata) {

    public static final ObjectMetadata EMPTY = new ObjectMetadata(null, null, null, null, null, null, Map.of());

    public ObjectMetadata {
        TreeMap<String, String> copy = new TreeMap<>();
        if (userMetadata != null) {
            userMetadata.forEach((k, v) -> {
                if (k == null || k.isEmpty() || v == null) {
                    throw new IllegalArgumentException("user metadata keys must be non-empty and values non-null");
                }
                copy.put(k.toLowerCase(Locale.ROOT), v);
            });
        }
        userMetadata = Collections.unmodifiableMap(copy);
    }
}
