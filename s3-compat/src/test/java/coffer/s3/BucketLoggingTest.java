package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketLoggingTest {
    private static final XmlReader XML = new XmlReader(64 * 1024);

    private static Optional<BucketLogging> parse(String body) {
        return BucketLogging.parse(XML.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String enabled(String inner) {
        return "<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LoggingEnabled>" + inner
                + "</LoggingEnabled></BucketLoggingStatus>";
    }

    @Test
    void anEmptyStatusTurnsLoggingOff() {
        assertTrue(parse("<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>").isEmpty());
    }

    @Test
    void theSimpleFormatIsTheDefaultAndGrantsAreNotKept() {
        BucketLogging l = parse(enabled("<TargetBucket>logs</TargetBucket><TargetPrefix>a/ b</TargetPrefix>"
                + "<TargetGrants><Grant><Permission>READ</Permission></Grant></TargetGrants>")).orElseThrow();
        assertEquals(new BucketLogging("logs", "a/ b", false, false), l);
        assertTrue(l.toXml().contains("<TargetObjectKeyFormat><SimplePrefix/></TargetObjectKeyFormat>"));
        assertEquals(Optional.of(l), parse(l.toXml()), "the stored form reads back");
    }

    @Test
    void partitionedKeysTakeTheirDateSource() {
        String partitioned = "<TargetBucket>logs</TargetBucket><TargetPrefix></TargetPrefix><TargetObjectKeyFormat>"
                + "<PartitionedPrefix><PartitionDateSource>%s</PartitionDateSource></PartitionedPrefix>"
                + "</TargetObjectKeyFormat>";
        assertEquals(new BucketLogging("logs", "", true, true),
                parse(enabled(partitioned.formatted("EventTime"))).orElseThrow());
        BucketLogging delivery = parse(enabled(partitioned.formatted("DeliveryTime"))).orElseThrow();
        assertEquals(new BucketLogging("logs", "", true, false), delivery);
        assertEquals(Optional.of(delivery), parse(delivery.toXml()));
    }

    @Test
    void malformedConfigurationsAreMalformedXml() {
        for (String body : new String[] {
            "<Other/>",
            enabled("<TargetPrefix>p</TargetPrefix>"),
            enabled("<TargetBucket>logs</TargetBucket>"),
            enabled("<TargetBucket>logs</TargetBucket><TargetPrefix>p</TargetPrefix><TargetObjectKeyFormat>"
                    + "<PartitionedPrefix><PartitionDateSource>Yesterday</PartitionDateSource></PartitionedPrefix>"
                    + "</TargetObjectKeyFormat>"),
            enabled("<TargetBucket>logs</TargetBucket><TargetPrefix>p</TargetPrefix><TargetObjectKeyFormat>"
                    + "<SimplePrefix/><PartitionedPrefix/></TargetObjectKeyFormat>"),
        }) {
            S3Exception e = assertThrows(S3Exception.class, () -> parse(body), body);
            assertEquals("MalformedXML", e.error().code(), body);
        }
    }

    @Test
    void operationsAreNamedAsAwsLogsThem() {
        assertEquals("REST.GET.OBJECT", ServerLogging.operationName(S3Operation.GetObject, "GET", true));
        assertEquals("REST.PUT.OBJECT", ServerLogging.operationName(S3Operation.PutObject, "PUT", true));
        assertEquals("REST.GET.BUCKET", ServerLogging.operationName(S3Operation.ListObjectsV2, "GET", false));
        assertEquals("REST.POST.UPLOADS", ServerLogging.operationName(S3Operation.CreateMultipartUpload, "POST",
                true));
        assertEquals("REST.PUT.PART", ServerLogging.operationName(S3Operation.UploadPart, "PUT", true));
        assertEquals("REST.COPY.OBJECT", ServerLogging.operationName(S3Operation.CopyObject, "PUT", true));
        assertEquals("REST.PUT.LOGGING_STATUS", ServerLogging.operationName(S3Operation.PutBucketLogging, "PUT",
                false));
        assertEquals("REST.DELETE.OBJECT", ServerLogging.operationName(null, "DELETE", true));
    }
}
