package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.PercentCodec;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object's tags, validated as AWS does: at most 10, keys 1..128 and values 0..256 Unicode characters, keys
 * unique; anything else is {@code InvalidTag} (400). Read from the {@code x-amz-tagging} header (URL-encoded
 * {@code k=v&k2=v2}) or a {@code Tagging/TagSet/Tag/Key,Value} document, written back as that document. Immutable;
 * tags are kept sorted by key.
 */
record TagSet(Map<String, String> tags) {
    public static final int MAX_TAGS = 10;
    public static final int MAX_KEY_CHARS = 128;
    public static final int MAX_VALUE_CHARS = 256;
    public static final TagSet EMPTY = new TagSet(Map.of());

    public TagSet {
        if (tags.size() > MAX_TAGS) {
            throw invalid("Object tags cannot be greater than " + MAX_TAGS);
        }
        tags.forEach(TagSet::check);
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** The {@code x-amz-tagging} header; null or empty is no tags. */
    public static TagSet fromHeader(String header) {
        if (header == null || header.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : header.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(tags, key, value);
        }
        return new TagSet(tags);
    }

    /** A {@code Tagging} document; a broken one is MalformedXML. */
    public static TagSet fromXml(XmlElement root) {
        if (root == null || !root.name().equals("Tagging")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        XmlElement set = root.child("TagSet").orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        Map<String, String> tags = new LinkedHashMap<>();
        for (XmlElement tag : set.childrenNamed("Tag")) {
            // Keys and values are taken as sent, not trimmed: " a" and "a" are different keys.
            String key = tag.child("Key").map(XmlElement::text)
                    .orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
            String value = tag.child("Value").map(XmlElement::text).orElse("");
            put(tags, key, value);
        }
        return new TagSet(tags);
    }

    /** The {@code Tagging} document of GetObjectTagging. */
    public String toXml() {
        XmlWriter doc = new XmlWriter().root("Tagging").start("TagSet");
        tags.forEach((k, v) -> doc.start("Tag").element("Key", k).element("Value", v).end());
        return doc.end().end().toString();
    }

    public int size() {
        return tags.size();
    }

    private static void put(Map<String, String> tags, String key, String value) {
        if (tags.putIfAbsent(key, value) != null) {
            throw invalid("Cannot provide multiple Tags with the same key");
        }
    }

    private static void check(String key, String value) {
        if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_CHARS) {
            throw invalid("The TagKey you have provided is invalid");
        }
        if (value.codePointCount(0, value.length()) > MAX_VALUE_CHARS) {
            throw invalid("The TagValue you have provided is invalid");
        }
    }

    private static String decode(String raw) {
        try {
            return PercentCodec.decode(raw, true);
        } catch (IllegalArgumentException e) {
            throw invalid("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters"
                    + " without tag name duplicates.");
        }
    }

    private static S3Exception invalid(String message) {
        return new S3Exception(S3ErrorCode.INVALID_TAG, message);
    }
}
