package coffer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code coffer admin blobs migrate}'s command line: its help, and the settings it refuses before opening anything. */
class MigrateBlobsCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpNamesTheStepsAndServesSettings() {
        Run r = run(Map.of(), "admin", "blobs", "migrate", "--help");
        assertEquals(0, r.code(), r.err());
        for (String option : new String[] {"--verify", "--remove-local", "--allow-missing", "--data-dir",
                "--blob-store", "--blob-s3-endpoint", "--blob-s3-bucket", "--db-url", "--config"}) {
            assertTrue(r.out().contains(option), option + " in:\n" + r.out());
        }
        assertTrue(r.out().replaceAll("\\s+", " ").contains("Run with the gateway stopped"), r.out());
        Run group = run(Map.of(), "admin", "blobs", "--help");
        assertTrue(group.out().contains("migrate"), group.out());
    }

    @Test
    void withoutAnS3StoreItSaysWhatToSet() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "migrate-cli");
        Run r = run(Map.of(), "admin", "blobs", "migrate", "--data-dir", dir.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--blob-store s3"), r.err());
    }

    @Test
    void aMissingDataDirectoryIsRefusedAndTheSecretIsNeverPrinted() {
        String secret = "migrate-cli-secret-key-0123456789";
        Run r = run(Map.of("COFFER_BLOB_S3_SECRET_KEY", secret), "admin", "blobs", "migrate", "--data-dir",
                "target/no-such-installation", "--blob-store", "s3", "--blob-s3-endpoint", "http://127.0.0.1:9",
                "--blob-s3-bucket", "b", "--blob-s3-access-key", "AK");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("no installation"), r.err());
        assertFalse((r.out() + r.err()).contains(secret));
        Run both = run(Map.of(), "admin", "blobs", "migrate", "--verify", "--remove-local");
        assertEquals(2, both.code(), both.err());
    }
}
