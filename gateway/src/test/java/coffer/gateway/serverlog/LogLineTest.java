package coffer.gateway.serverlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.http.RequestFacts;
import coffer.s3.http.ServerLogFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogLineTest {
    private static final String OWNER = "a".repeat(64);
    private static final ServerLogFacts GET = new ServerLogFacts(OWNER, OWNER, "REST.GET.OBJECT", null, 4096,
            "SigV4", "QueryString", "logs", "p/", false, false, "us-east-1");

    @Test
    void aRecordHasAwsFieldsInAwsOrderAndNoSignature() {
        RequestFacts facts = new RequestFacts("RID1", "GetObject", "AKID", "photos", "a b/\"c\".jpg", null, GET);
        LogLine.Exchange x = new LogLine.Exchange(Instant.parse("2019-02-06T00:00:38Z"), "10.0.0.1", "GET",
                "/photos/a%20b/%22c%22.jpg", "X-Amz-Credential=AKID%2F20190206&X-Amz-Signature=deadbeef&x=1",
                "HTTP/1.1", null, "curl/8 \"quoted\"", "s3.example:9000", null, null);
        String line = LogLine.format(x, facts, "HOSTID", 200, 4096, 12, 3);
        assertTrue(line.endsWith("\n"));
        assertEquals(OWNER + " photos [06/Feb/2019:00:00:38 +0000] 10.0.0.1 " + OWNER + " RID1 REST.GET.OBJECT"
                + " a%20b/%22c%22.jpg \"GET /photos/a%20b/%22c%22.jpg?X-Amz-Credential=AKID%2F20190206"
                + "&X-Amz-Signature=REDACTED&x=1 HTTP/1.1\" 200 - 4096 4096 12 3 \"-\" \"curl/8 %22quoted%22\" - HOSTID"
                + " SigV4 - QueryString s3.example:9000 - - -\n", line);
        assertFalse(line.contains("deadbeef"));
    }

    @Test
    void signatureParametersAreRedactedWhateverTheirSpelling() {
        assertEquals("Signature=REDACTED&AWSAccessKeyId=AK&x-amz-security-token=REDACTED&X%2DAmz-Signature=REDACTED",
                LogLine.redactQuery("Signature=abc&AWSAccessKeyId=AK&x-amz-security-token=tok&X%2DAmz-Signature=s"));
    }

    @Test
    void segmentsAreNamedForTheirObjectAndATornLastLineIsLeftOut(@TempDir Path dir) throws Exception {
        Destination d = new Destination("src", OWNER, "us-east-1", "logs", "p/", true, true);
        LogSpool spool = new LogSpool(dir, new SecureRandom());
        spool.append(d, "one\n", 1_000);
        spool.append(d, "two\n", 2_000);
        spool.tick(61_000, 60_000, 60_000);
        List<Path> closed = LogSpool.closedSegments(spool.groups().get(0));
        assertEquals(1, closed.size());
        Files.write(closed.get(0), "thr".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        assertEquals(8, LogDelivery.completeLength(closed.get(0)));
        assertEquals("p/" + OWNER + "/us-east-1/src/1970/01/01/1970-01-01-00-00-01-U",
                d.key(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(60_000), "U"));
        assertEquals("p/1970-01-01-00-01-00-U", new Destination("src", OWNER, "us-east-1", "logs", "p/", false,
                false).key(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(60_000), "U"));
    }

    @Test
    void aSegmentLeftOpenByACrashIsClosedAtTheNextStart(@TempDir Path dir) throws Exception {
        Destination d = new Destination("src", OWNER, "us-east-1", "logs", "", false, false);
        new LogSpool(dir, new SecureRandom()).append(d, "kept\n", 5_000);
        LogSpool restarted = new LogSpool(dir, new SecureRandom());
        List<Path> closed = LogSpool.closedSegments(restarted.groups().get(0));
        assertEquals(1, closed.size());
        assertEquals("kept\n", Files.readString(closed.get(0)));
    }
}
