package coffer.storage.lifecycle;

import java.util.Map;
import java.util.Objects;

/**
 * Which objects a lifecycle rule applies to: a key prefix, tags that must all be present with their values, and
 * bounds on the size (exclusive), all of which must hold. {@code form} remembers how the rule was written (the
 * legacy top-level {@code Prefix}, an empty {@code Filter}, one of its single conditions, or {@code And}) so that
 * GetBucketLifecycleConfiguration answers in the same shape.
 *
 * @param sizeGreaterThan null, or the size (bytes) an object must exceed
 * @param sizeLessThan    null, or the size an object must stay below
 */
public record LifecycleFilter(Form form, String prefix, Map<String, String> tags, Long sizeGreaterThan,
                              Long sizeLessThan) {
    /** How the filter was written. */
    public enum Form { LEGACY_PREFIX, EMPTY, PREFIX, TAG, SIZE_GREATER_THAN, SIZE_LESS_THAN, AND }

    /** Everything in the bucket (an empty {@code Filter}). */
    public static final LifecycleFilter ALL = new LifecycleFilter(Form.EMPTY, "", Map.of(), null, null);

    public LifecycleFilter {
        Objects.requireNonNull(form, "form");
        prefix = prefix == null ? "" : prefix;
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    /** Whether an object (or version) with this key, size and tags is in the filter. */
    public boolean matches(String key, long size, Map<String, String> objectTags) {
        if (!key.startsWith(prefix)) {
            return false;
        }
        if (sizeGreaterThan != null && size <= sizeGreaterThan) {
            return false;
        }
        if (sizeLessThan != null && size >= sizeLessThan) {
            return false;
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getValue().equals(objectTags.get(tag.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the filter needs the object's tags (a multipart upload has none to match). */
    public boolean hasTags() {
        return !tags.isEmpty();
    }
}
