package coffer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ServerConfig;
import coffer.gateway.config.SettingSources;
import coffer.storage.blob.S3BlobSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --blob-store} and {@code --blob-s3-*}: local by default, the credentials from the environment, never shown. */
class ServeBlobStoreSettingsTest {
    private static final String ACCESS = "BLOBSTOREACCESSKEY01";
    private static final String SECRET = "blob-store-secret-value-0123456789";

    private static CommandLine serve(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine serve = cli.getSubcommands().get("serve");
        serve.setDefaultValueProvider(SettingSources.load(args, env));
        cli.parseArgs(args);
        return serve;
    }

    private static ServerConfig config(Map<String, String> env, String... args) {
        return ((ServeCommand) serve(env, args).getCommand()).config();
    }

    @Test
    void localByDefault() {
        assertEquals(Optional.empty(), config(Map.of(), "serve").blobS3());
    }

    @Test
    void s3WithTheCredentialsFromTheEnvironment() {
        ServerConfig config = config(Map.of("COFFER_BLOB_S3_ACCESS_KEY", ACCESS, "COFFER_BLOB_S3_SECRET_KEY", SECRET),
                "serve", "--blob-store", "s3", "--blob-s3-endpoint", "http://10.0.0.5:7480", "--blob-s3-bucket",
                "coffer-blobs", "--blob-s3-prefix", "prod/");
        S3BlobSettings s3 = config.blobS3().orElseThrow();
        assertEquals(URI.create("http://10.0.0.5:7480"), s3.endpoint());
        assertEquals("coffer-blobs", s3.bucket());
        assertEquals("prod/", s3.prefix());
        assertEquals("us-east-1", s3.region());
        assertEquals(ACCESS, s3.accessKey());
        assertEquals(SECRET, s3.secretKey());
        assertFalse(config.toString().contains(SECRET), config.toString());
        assertFalse(config.toString().contains(ACCESS), config.toString());
    }

    @Test
    void s3NeedsItsEndpointBucketAndKeysNamingWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(Map.of(), "serve",
                "--blob-store", "s3", "--blob-s3-endpoint", "http://127.0.0.1:1", "--blob-s3-bucket", "b"));
        assertTrue(e.getMessage().contains("--blob-s3-access-key") && e.getMessage().contains(
                "COFFER_BLOB_S3_ACCESS_KEY"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config(Map.of(), "serve", "--blob-store", "disk"));
        assertTrue(e.getMessage().contains("--blob-store"), e.getMessage());
    }

    @Test
    void theSecretStaysOutOfHelp() {
        String help = serve(Map.of("COFFER_BLOB_S3_ACCESS_KEY", ACCESS, "COFFER_BLOB_S3_SECRET_KEY", SECRET), "serve")
                .getUsageMessage();
        assertTrue(help.contains("--blob-s3-secret-key"), help);
        assertFalse(help.contains(SECRET), help);
        assertFalse(help.contains(ACCESS), help);
    }
}
