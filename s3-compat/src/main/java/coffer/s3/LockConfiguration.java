package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import coffer.storage.ObjectLock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A bucket's {@code ObjectLockConfiguration} (docs/object-lock.md): always {@code ObjectLockEnabled=Enabled}, with
 * an optional default retention of {@code Days} or {@code Years} (exactly one, positive) in GOVERNANCE or COMPLIANCE
 * mode. Kept as its rendered XML in the bucket document {@value #DOCUMENT}. Immutable.
 *
 * @param mode  the default retention's mode, null for no default retention
 * @param days  the period in days, or 0 when given in years
 * @param years the period in years, or 0 when given in days
 */
record LockConfiguration(ObjectLock.Mode mode, int days, int years) {
    /** The bucket document kind. */
    static final String DOCUMENT = "object-lock";
    /** AWS's bounds: 100 years, 36,500 days. */
    private static final int MAX_DAYS = 36_500;
    private static final int MAX_YEARS = 100;
    static final LockConfiguration NO_DEFAULT = new LockConfiguration(null, 0, 0);

    /** The retention a new object gets at {@code now} when its request names none. */
    ObjectLock defaultLock(Instant now) {
        if (mode == null) {
            return ObjectLock.NONE;
        }
        Instant until = days > 0 ? now.plusSeconds(86_400L * days)
                : now.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
        return new ObjectLock(mode, until, false);
    }

    String toXml() {
        XmlWriter doc = new XmlWriter().root("ObjectLockConfiguration").element("ObjectLockEnabled", "Enabled");
        if (mode != null) {
            doc.start("Rule").start("DefaultRetention").element("Mode", mode.name());
            if (days > 0) {
                doc.element("Days", Integer.toString(days));
            } else {
                doc.element("Years", Integer.toString(years));
            }
            doc.end().end();
        }
        return doc.end().toString();
    }

    /** Parses a PutObjectLockConfiguration body: MalformedXML, InvalidRetentionPeriod as AWS answers. */
    static LockConfiguration parse(XmlElement root) {
        if (root == null || !root.name().equals("ObjectLockConfiguration")) {
            throw malformed();
        }
        if (!"Enabled".equals(root.childText("ObjectLockEnabled").orElse(null))) {
            throw malformed();
        }
        for (XmlElement child : root.children()) {
            if (!child.name().equals("ObjectLockEnabled") && !child.name().equals("Rule")) {
                throw malformed();
            }
        }
        XmlElement rule = root.child("Rule").orElse(null);
        if (rule == null) {
            return NO_DEFAULT;
        }
        XmlElement retention = rule.child("DefaultRetention").orElseThrow(LockConfiguration::malformed);
        ObjectLock.Mode mode = mode(retention.childText("Mode").orElse(null));
        String days = retention.childText("Days").orElse(null);
        String years = retention.childText("Years").orElse(null);
        if ((days == null) == (years == null)) {
            throw malformed();
        }
        int value = period(days != null ? days : years, days != null ? MAX_DAYS : MAX_YEARS);
        return days != null ? new LockConfiguration(mode, value, 0) : new LockConfiguration(mode, 0, value);
    }

    /** A mode as S3 spells it (upper case only); MalformedXML otherwise. */
    static ObjectLock.Mode mode(String text) {
        if ("GOVERNANCE".equals(text)) {
            return ObjectLock.Mode.GOVERNANCE;
        }
        if ("COMPLIANCE".equals(text)) {
            return ObjectLock.Mode.COMPLIANCE;
        }
        throw malformed();
    }

    private static int period(String text, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw malformed();
        }
        if (value <= 0 || value > max) {
            throw new S3Exception(S3ErrorCode.INVALID_RETENTION_PERIOD, value <= 0
                    ? "Default retention period must be a positive integer value."
                    : "Default retention period is too large.");
        }
        return value;
    }

    static S3Exception malformed() {
        return new S3Exception(S3ErrorCode.MALFORMED_XML);
    }
}
