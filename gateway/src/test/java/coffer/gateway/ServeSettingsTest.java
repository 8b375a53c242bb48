package coffer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.GatewaySettings;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.config.SettingSources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The three configuration sources, their precedence, --help, and bad values stopping start-up by name. */
class ServeSettingsTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFile() throws Exception {
        Path file = dir.resolve("coffer.properties");
        Files.writeString(file, "port=1001\nregion=eu-west-1\nidle-timeout=7s\ntls-names=a.example,b.example\n"
                + "max-concurrent-requests=11\n");
        Map<String, String> env = Map.of("COFFER_PORT", "1002", "COFFER_IDLE_TIMEOUT", "2m");
        ServeCommand serve = parse(env, "serve", "--config", file.toString(), "--port", "1003");
        ServerConfig config = serve.config();
        assertEquals(1003, config.port(), "the flag");
        assertEquals(Duration.ofMinutes(2), config.limits().idleTimeout(), "the environment");
        assertEquals("eu-west-1", config.region(), "the file");
        assertEquals(11, config.limits().maxConcurrent(), "the file");
        assertEquals(java.util.List.of("a.example", "b.example"), config.tls().names());
        assertEquals(9001, config.admin().port(), "the built-in default");
        assertTrue(config.metrics(), "metrics are on by default");
        assertFalse(parse(Map.of("COFFER_METRICS", "false"), "serve").config().metrics());
        assertFalse(parse(Map.of(), "serve", "--metrics", "false").config().metrics());

        ServeCommand fromEnv = parse(Map.of("COFFER_CONFIG", file.toString(), "COFFER_TLS_SELF_SIGNED", "true"), "serve");
        assertEquals(1001, fromEnv.config().port(), "COFFER_CONFIG names the file");
        assertTrue(fromEnv.config().tls().selfSigned());
    }

    @Test
    void helpListsEverySettingWithItsDefault() {
        CommandLine serve = new CommandLine(new Main()).getSubcommands().get("serve");
        String help = serve.getUsageMessage();
        for (OptionSpec option : serve.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals("--config")) {
                continue;
            }
            assertTrue(help.contains(option.longestName()), option.longestName());
            String description = String.join(" ", option.description());
            assertTrue(description.contains("default"), option.longestName() + " names its default: " + description);
        }
        assertEquals("COFFER_MAX_CONCURRENT_REQUESTS", GatewaySettings.MAX_CONCURRENT_REQUESTS.environment());
    }

    @Test
    void aBadValueStopsStartUpNamingTheSetting() throws Exception {
        assertFails(Map.of(), "--port", "serve", "--port", "http");
        assertFails(Map.of("COFFER_IDLE_TIMEOUT", "soon"), "--idle-timeout", "serve");
        assertFails(Map.of(), "--max-concurrent-requests", "serve", "--data-dir", dir.toString(),
                "--max-concurrent-requests", "0");
        assertFails(Map.of(), "--tls-key", "serve", "--data-dir", dir.toString(), "--tls-cert", "x.pem");
        assertFails(Map.of(), "--http-enabled", "serve", "--data-dir", dir.toString(), "--http-enabled", "false");
        assertFails(Map.of(), "--region", "serve", "--data-dir", dir.toString(), "--region", "Mars!");
        assertFails(Map.of(), "--gateway-id", "serve", "--data-dir", dir.toString(), "--gateway-id", "gw one");
        assertFails(Map.of("COFFER_GATEWAY_ID", "g".repeat(49)), "--gateway-id", "serve", "--data-dir",
                dir.toString());
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "prot=9000\n");
        assertFails(Map.of(), "prot", "serve", "--config", file.toString());
        assertFails(Map.of(), "--config", "serve", "--config", dir.resolve("absent.properties").toString());
        assertFalse(Files.exists(dir.resolve("db")), "nothing started");
    }

    @Test
    void theGatewayIdDefaultsToHostAndPortOfTheS3Listener() {
        assertEquals("gw-a:9000", parse(Map.of(), "serve", "--gateway-id", "gw-a:9000").config().gatewayName());
        String byDefault = parse(Map.of(), "serve", "--port", "9100").config().gatewayName();
        assertTrue(byDefault.endsWith(":9100") && byDefault.length() > ":9100".length(), byDefault);
        assertFalse(byDefault.contains(" "), byDefault);
        String random = parse(Map.of(), "serve", "--port", "0").config().gatewayName();
        assertTrue(random.matches(".+:0-[0-9a-f]{4}"), "port 0: a random suffix, " + random);
    }

    private static ServeCommand parse(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine serve = cli.getSubcommands().get("serve");
        serve.setDefaultValueProvider(SettingSources.load(args, env));
        cli.parseArgs(args);
        return serve.getCommand();
    }

    private static void assertFails(Map<String, String> env, String setting, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code, String.join(" ", args) + ": " + err);
        assertTrue(err.toString().contains(setting), "names " + setting + ": " + err);
    }
}
