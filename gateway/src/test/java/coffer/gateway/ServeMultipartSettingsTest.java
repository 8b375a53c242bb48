package coffer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.SettingSources;
import coffer.storage.multipart.MultipartLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --max-open-uploads} and {@code --multipart-expiry}: defaults, the environment, bad values by name. */
class ServeMultipartSettingsTest {
    @TempDir
    Path dir;

    private static MultipartLimits parse(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine serve = cli.getSubcommands().get("serve");
        serve.setDefaultValueProvider(SettingSources.load(args, env));
        cli.parseArgs(args);
        return ((ServeCommand) serve.getCommand()).config().multipart();
    }

    @Test
    void defaultsEnvironmentAndFlags() {
        assertEquals(new MultipartLimits(10_000, Duration.ofDays(7)), parse(Map.of(), "serve"));
        assertEquals(new MultipartLimits(50, Duration.ofHours(36)), parse(
                Map.of("COFFER_MAX_OPEN_UPLOADS", "50", "COFFER_MULTIPART_EXPIRY", "36h"), "serve"));
        assertEquals(new MultipartLimits(3, Duration.ofDays(2)),
                parse(Map.of(), "serve", "--max-open-uploads", "3", "--multipart-expiry", "2d"));
    }

    @Test
    void aBadValueStopsStartUpNamingTheSetting() {
        assertFails("--max-open-uploads", "serve", "--data-dir", dir.toString(), "--max-open-uploads", "0");
        assertFails("--multipart-expiry", "serve", "--data-dir", dir.toString(), "--multipart-expiry", "0");
        assertFails("--multipart-expiry", "serve", "--data-dir", dir.toString(), "--multipart-expiry", "a week");
    }

    private static void assertFails(String setting, String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code, String.join(" ", args) + ": " + err);
        assertTrue(err.toString().contains(setting), "names " + setting + ": " + err);
    }
}
