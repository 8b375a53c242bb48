package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * A bucket's server access logging configuration, {@code <BucketLoggingStatus><LoggingEnabled>}: the target
 * bucket, the key prefix, and the key format ({@code SimplePrefix}, or {@code PartitionedPrefix} with its
 * {@code PartitionDateSource}). {@code TargetGrants} are accepted and not kept: log objects belong to the target
 * bucket's owner, who is the source bucket's owner (docs/access-logging.md). Stored as the bucket document
 * {@value #DOCUMENT}, in the form {@link #toXml} renders. Immutable.
 *
 * @param targetBucket  where log objects go
 * @param targetPrefix  the prefix of their keys (may be empty)
 * @param partitioned   PartitionedPrefix rather than SimplePrefix
 * @param eventTime     with PartitionedPrefix: the date of the records (EventTime) rather than of the delivery
 */
record BucketLogging(String targetBucket, String targetPrefix, boolean partitioned, boolean eventTime) {
    static final String DOCUMENT = "logging";
    /** AWS's limit on a key is 1,024 bytes; a prefix longer than half of that leaves too little for the rest. */
    static final int MAX_PREFIX_CHARS = 512;

    BucketLogging {
        Objects.requireNonNull(targetBucket, "targetBucket");
        Objects.requireNonNull(targetPrefix, "targetPrefix");
    }

    /**
     * The configuration a PutBucketLogging body asks for: empty for {@code <BucketLoggingStatus/>} (logging off).
     * Anything malformed is MalformedXML, as AWS answers.
     */
    static Optional<BucketLogging> parse(XmlElement root) {
        if (root == null || !root.name().equals("BucketLoggingStatus")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        Optional<XmlElement> enabled = root.child("LoggingEnabled");
        if (enabled.isEmpty()) {
            return Optional.empty();
        }
        XmlElement e = enabled.get();
        String target = e.childText("TargetBucket").filter(t -> !t.isEmpty())
                .orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        // The prefix is kept as sent, spaces included: it is part of the log objects' keys.
        String prefix = e.child("TargetPrefix").map(XmlElement::text)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        if (prefix.length() > MAX_PREFIX_CHARS) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "TargetPrefix is longer than " + MAX_PREFIX_CHARS + " characters");
        }
        boolean partitioned = false;
        boolean eventTime = false;
        Optional<XmlElement> format = e.child("TargetObjectKeyFormat");
        if (format.isPresent()) {
            Optional<XmlElement> simple = format.get().child("SimplePrefix");
            Optional<XmlElement> partition = format.get().child("PartitionedPrefix");
            if (simple.isPresent() == partition.isPresent()) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            if (partition.isPresent()) {
                partitioned = true;
                String source = partition.get().childText("PartitionDateSource").orElse("EventTime");
                eventTime = switch (source) {
                    case "EventTime" -> true;
                    case "DeliveryTime" -> false;
                    default -> throw new S3Exception(S3ErrorCode.MALFORMED_XML);
                };
            }
        }
        return Optional.of(new BucketLogging(target, prefix, partitioned, eventTime));
    }

    /** GetBucketLogging's answer for a bucket with this configuration. */
    String toXml() {
        XmlWriter xml = new XmlWriter().root("BucketLoggingStatus").start("LoggingEnabled")
                .element("TargetBucket", targetBucket).element("TargetPrefix", targetPrefix)
                .start("TargetObjectKeyFormat");
        if (partitioned) {
            xml.start("PartitionedPrefix").element("PartitionDateSource", eventTime ? "EventTime" : "DeliveryTime")
                    .end();
        } else {
            xml.empty("SimplePrefix");
        }
        return xml.end().end().end().toString();
    }

    /** GetBucketLogging's answer for a bucket without logging. */
    static String disabledXml() {
        return new XmlWriter().root("BucketLoggingStatus").end().toString();
    }
}
