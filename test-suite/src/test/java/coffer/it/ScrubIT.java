package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminCli;
import coffer.it.support.AdminHttp;
import coffer.it.support.BlobFiles;
import coffer.it.support.GatewayExtension;
import coffer.storage.internal.blob.BlobFormat;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code coffer admin scrub} end to end: objects are put through S3, one blob file and one small object's record in
 * a volume file get a flipped byte, another blob file is deleted, and the scrub, run through the CLI against the
 * real admin API, must name exactly those three keys.
 */
class ScrubIT {
    private static final String BUCKET = "scrub-it";
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();

    static AdminCli.Run cli(String... args) {
        String[] withPoll = java.util.Arrays.copyOf(args, args.length + 1);
        withPoll[args.length] = "--poll=100";
        return AdminCli.run(gateway, withPoll);
    }

    /** Where the object's blob is: a file of its own, or a record in a volume for a small object. */
    private static BlobFiles.Blob put(S3Client s3, String key, int size) throws Exception {
        Map<Path, BlobFiles.State> before = BlobFiles.snapshot(gateway.dataDir().resolve("blobs"));
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
        return BlobFiles.theOneWrittenBlob(before, BlobFiles.snapshot(gateway.dataDir().resolve("blobs")),
                BlobFormat.fileLength(size));
    }

    @Test
    void reportsExactlyTheCorruptedAndTheDeletedObject() throws Exception {
        try (S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            put(s3, "fine/one", 1000);
            put(s3, "fine/two", 300_000);
            put(s3, "fine/empty", 0);
            BlobFiles.Blob corrupt = put(s3, "damaged key", 200_000);
            BlobFiles.Blob gone = put(s3, "lost/key", 150_000);
            BlobFiles.Blob smallCorrupt = put(s3, "small/damaged", 1000);
            assertTrue(smallCorrupt.file().getFileName().toString().endsWith(".vol"), smallCorrupt.toString());
            assertEquals(0, gone.start(), "a blob file of its own");

            BlobFiles.flipByte(corrupt.file(), 100_000);
            Files.delete(gone.file());
            BlobFiles.flipByte(smallCorrupt.file(), smallCorrupt.at(smallCorrupt.length() / 2));
        }

        AdminCli.Run text = cli("scrub");
        assertEquals(5, text.code(), text.out() + text.err());
        assertTrue(text.out().contains("damaged  scrub-it"), text.out());
        assertTrue(text.out().contains("missing  scrub-it"), text.out());
        assertTrue(text.out().contains("damaged key"), text.out());
        assertTrue(text.out().contains("small/damaged"), text.out());
        assertTrue(text.out().contains("lost/key"), text.out());
        assertTrue(text.out().contains("Damaged: 2, missing: 1"), text.out());

        AdminCli.Run json = cli("scrub", "--status", "--json");
        assertEquals(5, json.code(), json.out() + json.err());
        JsonNode report = AdminHttp.JSON.readTree(json.out());
        assertEquals("done", report.get("state").asText());
        Set<String> named = new TreeSet<>();
        report.get("findings").forEach(f -> named.add(f.get("problem").asText() + " " + f.get("bucket").asText()
                + "/" + f.get("key").asText()));
        assertEquals(Set.of("damaged scrub-it/damaged key", "damaged scrub-it/small/damaged",
                "missing scrub-it/lost/key"), named);
        assertEquals(6, report.get("objectsChecked").asLong());
        assertEquals(2, report.get("damaged").asLong());
        assertEquals(1, report.get("missing").asLong());
        assertTrue(report.get("bytesChecked").asLong() >= 301_000, report.toString());
        assertTrue(report.get("seconds").asDouble() >= 0);
    }
}
