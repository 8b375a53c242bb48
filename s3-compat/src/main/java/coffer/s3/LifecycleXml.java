package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import coffer.storage.lifecycle.LifecycleConfiguration;
import coffer.storage.lifecycle.LifecycleFilter;
import coffer.storage.lifecycle.LifecycleFilter.Form;
import coffer.storage.lifecycle.LifecycleRule;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code LifecycleConfiguration} document of Put/GetBucketLifecycleConfiguration, read and validated as AWS
 * does (docs/lifecycle.md, "Validation"): a document that does not follow the schema is MalformedXML, a value out
 * of range InvalidArgument, a combination AWS forbids InvalidRequest, a transition InvalidStorageClass (this server
 * keeps one storage class). Stateless.
 */
final class LifecycleXml {
    static final int MAX_RULES = 1000;
    static final int MAX_ID_CHARS = 255;
    static final int MAX_NEWER_NONCURRENT = 100;
    /** The storage classes AWS accepts in a transition; none exists here. */
    private static final Set<String> TRANSITION_CLASSES = Set.of("GLACIER", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR");
    private static final Set<String> RULE_ELEMENTS = Set.of("ID", "Prefix", "Filter", "Status", "Expiration",
            "Transition", "NoncurrentVersionTransition", "NoncurrentVersionExpiration",
            "AbortIncompleteMultipartUpload");

    private LifecycleXml() {
    }

    static LifecycleConfiguration parse(XmlElement root) {
        if (root == null || !root.name().equals("LifecycleConfiguration")) {
            throw malformed();
        }
        List<XmlElement> rules = root.childrenNamed("Rule");
        if (rules.isEmpty() || rules.size() != root.children().size()) {
            throw malformed();
        }
        if (rules.size() > MAX_RULES) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Number of rules cannot exceed " + MAX_RULES);
        }
        List<LifecycleRule> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (XmlElement rule : rules) {
            LifecycleRule parsed = rule(rule);
            if (!ids.add(parsed.id())) {
                throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Rule ID must be unique."
                        + " Found same ID for more than one rule");
            }
            result.add(parsed);
        }
        return new LifecycleConfiguration(result);
    }

    private static LifecycleRule rule(XmlElement rule) {
        for (XmlElement child : rule.children()) {
            if (!RULE_ELEMENTS.contains(child.name())) {
                throw malformed();
            }
        }
        String id = single(rule, "ID") == null ? UUID.randomUUID().toString() : single(rule, "ID").text().trim();
        if (id.length() > MAX_ID_CHARS) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "ID length should not exceed allowed limit of "
                    + MAX_ID_CHARS);
        }
        String status = required(rule, "Status");
        if (!status.equals("Enabled") && !status.equals("Disabled")) {
            throw malformed();
        }
        LifecycleFilter filter = filter(rule);
        transitions(rule);
        XmlElement expiration = single(rule, "Expiration");
        Integer days = null;
        Instant date = null;
        Boolean marker = null;
        if (expiration != null) {
            XmlElement d = single(expiration, "Days");
            XmlElement at = single(expiration, "Date");
            XmlElement m = single(expiration, "ExpiredObjectDeleteMarker");
            if ((d != null ? 1 : 0) + (at != null ? 1 : 0) + (m != null ? 1 : 0) != 1) {
                throw malformed();
            }
            if (d != null) {
                days = positive(d, "'Days' for Expiration action must be a positive integer");
            }
            if (at != null) {
                date = midnight(at.text().trim());
            }
            if (m != null) {
                marker = bool(m.text().trim());
                if (filter.hasTags()) {
                    throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                            "ExpiredObjectDeleteMarker cannot be specified with a tag-based filter");
                }
            }
        }
        Integer noncurrentDays = null;
        Integer newer = null;
        XmlElement noncurrent = single(rule, "NoncurrentVersionExpiration");
        if (noncurrent != null) {
            XmlElement nd = single(noncurrent, "NoncurrentDays");
            if (nd == null) {
                throw malformed();
            }
            noncurrentDays = positive(nd, "'NoncurrentDays' for NoncurrentVersionExpiration action must be a"
                    + " positive integer");
            XmlElement nn = single(noncurrent, "NewerNoncurrentVersions");
            if (nn != null) {
                newer = positive(nn, "'NewerNoncurrentVersions' must be a positive integer");
                if (newer > MAX_NEWER_NONCURRENT) {
                    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                            "'NewerNoncurrentVersions' must not exceed " + MAX_NEWER_NONCURRENT);
                }
            }
        }
        Integer abort = null;
        XmlElement abortElement = single(rule, "AbortIncompleteMultipartUpload");
        if (abortElement != null) {
            XmlElement dai = single(abortElement, "DaysAfterInitiation");
            if (dai == null) {
                throw malformed();
            }
            abort = positive(dai, "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a"
                    + " positive integer");
            if (filter.hasTags()) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                        "AbortIncompleteMultipartUpload cannot be specified with Tags.");
            }
        }
        if (expiration == null && noncurrent == null && abortElement == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "At least one action needs to be specified in a"
                    + " rule");
        }
        return new LifecycleRule(id, status.equals("Enabled"), filter, days, date, marker, noncurrentDays, newer,
                abort);
    }

    /** The legacy top-level Prefix, or Filter with at most one condition (several go in And). */
    private static LifecycleFilter filter(XmlElement rule) {
        XmlElement legacy = single(rule, "Prefix");
        XmlElement filter = single(rule, "Filter");
        if ((legacy == null) == (filter == null)) {
            throw malformed();
        }
        if (legacy != null) {
            return new LifecycleFilter(Form.LEGACY_PREFIX, prefix(legacy), Map.of(), null, null);
        }
        if (filter.children().isEmpty()) {
            return LifecycleFilter.ALL;
        }
        if (filter.children().size() > 1) {
            throw malformed();
        }
        XmlElement only = filter.children().get(0);
        return switch (only.name()) {
            case "Prefix" -> new LifecycleFilter(Form.PREFIX, prefix(only), Map.of(), null, null);
            case "Tag" -> new LifecycleFilter(Form.TAG, "", tags(List.of(only)), null, null);
            case "ObjectSizeGreaterThan" -> new LifecycleFilter(Form.SIZE_GREATER_THAN, "", Map.of(),
                    size(only), null);
            case "ObjectSizeLessThan" -> new LifecycleFilter(Form.SIZE_LESS_THAN, "", Map.of(), null, size(only));
            case "And" -> and(only);
            default -> throw malformed();
        };
    }

    private static LifecycleFilter and(XmlElement and) {
        for (XmlElement child : and.children()) {
            if (!Set.of("Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan").contains(child.name())) {
                throw malformed();
            }
        }
        XmlElement p = single(and, "Prefix");
        XmlElement gt = single(and, "ObjectSizeGreaterThan");
        XmlElement lt = single(and, "ObjectSizeLessThan");
        Long greater = gt == null ? null : size(gt);
        Long less = lt == null ? null : size(lt);
        if (greater != null && less != null && less <= greater) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "ObjectSizeLessThan must be greater than ObjectSizeGreaterThan");
        }
        return new LifecycleFilter(Form.AND, p == null ? "" : prefix(p), tags(and.childrenNamed("Tag")), greater,
                less);
    }

    private static Map<String, String> tags(List<XmlElement> tagElements) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (XmlElement tag : tagElements) {
            XmlElement k = single(tag, "Key");
            XmlElement v = single(tag, "Value");
            if (k == null || v == null) {
                throw malformed();
            }
            String key = k.text();
            String value = v.text();
            if (key.isEmpty() || key.length() > TagSet.MAX_KEY_CHARS || value.length() > TagSet.MAX_VALUE_CHARS) {
                throw new S3Exception(S3ErrorCode.INVALID_TAG);
            }
            if (tags.put(key, value) != null) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Duplicate Tag Keys are not allowed.");
            }
        }
        return tags;
    }

    /** Transitions need another storage class, and this server keeps only STANDARD. */
    private static void transitions(XmlElement rule) {
        for (String name : List.of("Transition", "NoncurrentVersionTransition")) {
            for (XmlElement t : rule.childrenNamed(name)) {
                XmlElement date = single(t, "Date");
                if (date != null) {
                    midnight(date.text().trim());
                }
                String storageClass = t.childText("StorageClass").orElseThrow(LifecycleXml::malformed);
                if (!TRANSITION_CLASSES.contains(storageClass)) {
                    throw malformed();
                }
                throw new S3Exception(S3ErrorCode.INVALID_STORAGE_CLASS, "The storage class " + storageClass
                        + " is not supported by this server: it keeps every object in STANDARD");
            }
        }
    }

    private static String prefix(XmlElement e) {
        if (e.text().length() > 1024) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The prefix is longer than 1024 characters");
        }
        return e.text();
    }

    private static long size(XmlElement e) {
        long size = number(e);
        if (size < 0) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, e.name() + " must be a non-negative integer");
        }
        return size;
    }

    private static int positive(XmlElement e, String message) {
        long n = number(e);
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message);
        }
        return (int) n;
    }

    private static long number(XmlElement e) {
        try {
            return Long.parseLong(e.text().trim());
        } catch (NumberFormatException ex) {
            throw malformed();
        }
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed();
        };
    }

    /** An ISO 8601 date (or date and time); AWS wants midnight UTC. */
    private static Instant midnight(String text) {
        OffsetDateTime at;
        try {
            at = text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC)
                    : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed();
        }
        OffsetDateTime utc = at.withOffsetSameInstant(ZoneOffset.UTC);
        if (!utc.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "'Date' must be at midnight GMT");
        }
        return utc.toInstant();
    }

    private static String required(XmlElement parent, String name) {
        XmlElement e = single(parent, name);
        if (e == null) {
            throw malformed();
        }
        return e.text().trim();
    }

    /** The one child of that name, null if none; several are MalformedXML. */
    private static XmlElement single(XmlElement parent, String name) {
        List<XmlElement> found = parent.childrenNamed(name);
        if (found.size() > 1) {
            throw malformed();
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static S3Exception malformed() {
        return new S3Exception(S3ErrorCode.MALFORMED_XML);
    }

    /** The configuration as GetBucketLifecycleConfiguration answers it, each rule in the shape it was written. */
    static String render(LifecycleConfiguration configuration) {
        XmlWriter xml = new XmlWriter().root("LifecycleConfiguration");
        for (LifecycleRule r : configuration.rules()) {
            xml.start("Rule");
            if (r.expirationDays() != null || r.expirationDate() != null || r.expiredObjectDeleteMarker() != null) {
                xml.start("Expiration");
                if (r.expirationDays() != null) {
                    xml.element("Days", r.expirationDays());
                }
                if (r.expirationDate() != null) {
                    xml.element("Date", r.expirationDate().toString().replace("Z", ".000Z"));
                }
                if (r.expiredObjectDeleteMarker() != null) {
                    xml.element("ExpiredObjectDeleteMarker", r.expiredObjectDeleteMarker());
                }
                xml.end();
            }
            xml.element("ID", r.id());
            renderFilter(xml, r.filter());
            xml.element("Status", r.enabled() ? "Enabled" : "Disabled");
            if (r.noncurrentDays() != null) {
                xml.start("NoncurrentVersionExpiration").element("NoncurrentDays", r.noncurrentDays());
                if (r.newerNoncurrentVersions() != null) {
                    xml.element("NewerNoncurrentVersions", r.newerNoncurrentVersions());
                }
                xml.end();
            }
            if (r.abortDays() != null) {
                xml.start("AbortIncompleteMultipartUpload").element("DaysAfterInitiation", r.abortDays()).end();
            }
            xml.end();
        }
        return xml.end().toString();
    }

    private static void renderFilter(XmlWriter xml, LifecycleFilter f) {
        switch (f.form()) {
            case LEGACY_PREFIX -> xml.element("Prefix", f.prefix());
            case EMPTY -> xml.empty("Filter");
            case PREFIX -> xml.start("Filter").element("Prefix", f.prefix()).end();
            case TAG -> {
                xml.start("Filter");
                renderTags(xml, f.tags());
                xml.end();
            }
            case SIZE_GREATER_THAN -> xml.start("Filter").element("ObjectSizeGreaterThan", f.sizeGreaterThan())
                    .end();
            case SIZE_LESS_THAN -> xml.start("Filter").element("ObjectSizeLessThan", f.sizeLessThan()).end();
            case AND -> {
                xml.start("Filter").start("And");
                if (!f.prefix().isEmpty()) {
                    xml.element("Prefix", f.prefix());
                }
                renderTags(xml, f.tags());
                if (f.sizeGreaterThan() != null) {
                    xml.element("ObjectSizeGreaterThan", f.sizeGreaterThan());
                }
                if (f.sizeLessThan() != null) {
                    xml.element("ObjectSizeLessThan", f.sizeLessThan());
                }
                xml.end().end();
            }
        }
    }

    private static void renderTags(XmlWriter xml, Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            xml.start("Tag").element("Key", tag.getKey()).element("Value", tag.getValue()).end();
        }
    }
}
