package coffer.storage.internal.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.nio.charset.StandardCharsets;

/** What the store accepts as an object key: non-empty, well-formed Unicode, at most S3's length in UTF-8. */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    /** IllegalArgumentException for an empty or ill-formed key; KEY_TOO_LONG beyond {@code maxBytes} of UTF-8. */
    public static void check(String key, int maxBytes) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new IllegalArgumentException("key is not well-formed Unicode");
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new StoreException(Reason.KEY_TOO_LONG, "key is longer than " + maxBytes + " bytes");
        }
    }
}
