package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.cli.AdminCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code coffer admin scrub} end to end: objects are put through S3, one blob file gets a flipped byte and another
 * is deleted, and the scrub, run through the CLI against the real admin API, must name exactly those two keys.
 */
class ScrubIT {
    private static final String BUCKET = "scrub-it";
    static TestGateway gateway;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = AdminCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 5];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = gateway.adminEndpoint().toString();
        all[args.length + 2] = "--token-file";
        all[args.length + 3] = gateway.adminTokenFile().toString();
        all[args.length + 4] = "--poll=100";
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    private static Path put(S3Client s3, String key, int size) throws Exception {
        Map<Path, BlobFiles.State> before = BlobFiles.snapshot(gateway.dataDir().resolve("blobs"));
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
        return BlobFiles.theOneWritten(before, BlobFiles.snapshot(gateway.dataDir().resolve("blobs")));
    }

    @Test
    void reportsExactlyTheCorruptedAndTheDeletedObject() throws Exception {
        try (S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            put(s3, "fine/one", 1000);
            put(s3, "fine/two", 300_000);
            put(s3, "fine/empty", 0);
            Path corrupt = put(s3, "damaged key", 200_000);
            Path gone = put(s3, "lost/key", 5000);

            BlobFiles.flipByte(corrupt, 100_000);
            Files.delete(gone);
        }

        Run text = cli("scrub");
        assertEquals(5, text.code(), text.out() + text.err());
        assertTrue(text.out().contains("damaged  scrub-it"), text.out());
        assertTrue(text.out().contains("missing  scrub-it"), text.out());
        assertTrue(text.out().contains("damaged key"), text.out());
        assertTrue(text.out().contains("lost/key"), text.out());
        assertTrue(text.out().contains("Damaged: 1, missing: 1"), text.out());

        Run json = cli("scrub", "--status", "--json");
        assertEquals(5, json.code(), json.out() + json.err());
        JsonNode report = AdminHttp.JSON.readTree(json.out());
        assertEquals("done", report.get("state").asText());
        Set<String> named = new TreeSet<>();
        report.get("findings").forEach(f -> named.add(f.get("problem").asText() + " " + f.get("bucket").asText()
                + "/" + f.get("key").asText()));
        assertEquals(Set.of("damaged scrub-it/damaged key", "missing scrub-it/lost/key"), named);
        assertEquals(5, report.get("objectsChecked").asLong());
        assertEquals(1, report.get("damaged").asLong());
        assertEquals(1, report.get("missing").asLong());
        assertTrue(report.get("bytesChecked").asLong() >= 301_000, report.toString());
        assertTrue(report.get("seconds").asDouble() >= 0);
    }
}
