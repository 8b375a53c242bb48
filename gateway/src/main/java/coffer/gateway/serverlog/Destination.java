package coffer.gateway.serverlog;

import coffer.s3.http.RequestFacts;
import coffer.s3.http.ServerLogFacts;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * Where the records of one logged bucket go, and how their objects are named: one spool directory each
 * ({@link #id()}), so that one log object holds the records of one source bucket, as AWS's do.
 *
 * @param sourceBucket the logged bucket
 * @param sourceOwner  its owner's canonical id (the account part of PartitionedPrefix keys)
 * @param region       its region
 * @param targetBucket the bucket log objects go to
 * @param targetPrefix their key prefix
 * @param partitioned  PartitionedPrefix rather than SimplePrefix
 * @param eventTime    with PartitionedPrefix, dated by the records rather than by the delivery
 */
record Destination(String sourceBucket, String sourceOwner, String region, String targetBucket,
                   String targetPrefix, boolean partitioned, boolean eventTime) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * The destination of a record. With SimplePrefix, whose keys name no source bucket, every bucket logging to
     * one target and prefix shares one destination (one log object holds their records, as on RGW); with
     * PartitionedPrefix, each source bucket has its own (its keys name it).
     */
    static Destination of(RequestFacts facts) {
        ServerLogFacts s = facts.serverLog();
        return new Destination(s.partitioned() ? facts.bucket() : "", s.bucketOwner(),
                s.partitioned() ? s.region() : "", s.targetBucket(), s.targetPrefix(), s.partitioned(),
                s.eventTime());
    }

    /** The spool directory's name: a digest of every field, so that a changed configuration starts a new one. */
    String id() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : new String[] {sourceBucket, sourceOwner, region, targetBucket, targetPrefix,
                    Boolean.toString(partitioned), Boolean.toString(eventTime)}) {
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The log object's key (AWS's two formats): SimplePrefix {@code prefix + YYYY-mm-DD-HH-MM-SS-UniqueString}
     * dated by the delivery; PartitionedPrefix {@code prefix + owner/region/bucket/YYYY/MM/DD/} then the same,
     * dated by the first record (EventTime) or by the delivery (DeliveryTime).
     */
    String key(Instant firstRecord, Instant delivery, String unique) {
        if (!partitioned) {
            return targetPrefix + STAMP.format(delivery) + "-" + unique;
        }
        Instant date = eventTime ? firstRecord : delivery;
        return targetPrefix + sourceOwner + "/" + region + "/" + sourceBucket + "/" + DAY.format(date) + "/"
                + STAMP.format(date) + "-" + unique;
    }

    void store(Writer out) throws IOException {
        Properties p = new Properties();
        p.setProperty("sourceBucket", sourceBucket);
        p.setProperty("sourceOwner", sourceOwner);
        p.setProperty("region", region);
        p.setProperty("targetBucket", targetBucket);
        p.setProperty("targetPrefix", targetPrefix);
        p.setProperty("partitioned", Boolean.toString(partitioned));
        p.setProperty("eventTime", Boolean.toString(eventTime));
        p.store(out, null);
    }

    static Destination load(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        String[] names = {"sourceBucket", "sourceOwner", "region", "targetBucket", "targetPrefix"};
        for (String n : names) {
            if (p.getProperty(n) == null) {
                throw new IOException("spool destination without " + n);
            }
        }
        return new Destination(p.getProperty("sourceBucket"), p.getProperty("sourceOwner"), p.getProperty("region"),
                p.getProperty("targetBucket"), p.getProperty("targetPrefix"),
                Boolean.parseBoolean(p.getProperty("partitioned")), Boolean.parseBoolean(p.getProperty("eventTime")));
    }
}
