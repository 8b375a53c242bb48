package coffer.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** The settings table: one declaration per setting, its docs, its secrets. */
class GatewaySettingsTest {
    /** Run from the gateway module's directory by Maven. */
    private static final Path DOCS = Path.of("..", "docs", "configuration.md");

    @Command(name = "serve", modelTransformer = ServeOptions.class)
    static final class Serve {
    }

    @Test
    void everySettingHasOneNameOneVariableAndOneOptionAtMost() {
        Set<String> names = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (Setting<?> setting : GatewaySettings.ALL) {
            assertTrue(names.add(setting.name()), "declared twice: " + setting.name());
            assertTrue(variables.add(setting.environment()), "variable twice: " + setting.environment());
            assertTrue(setting.environment().startsWith("COFFER_"), setting.environment());
        }
        CommandSpec serve = new CommandLine(new Serve()).getCommandSpec();
        long flags = GatewaySettings.ALL.stream().filter(Setting::flag).count();
        assertEquals(flags, serve.options().size(), "one option per flag setting");
        assertEquals(List.of(), serve.options().stream().map(o -> o.longestName())
                .filter(o -> GatewaySettings.flag(o).isEmpty()).toList());
    }

    @Test
    void docsConfigurationListsEverySettingWithItsDefault() throws IOException {
        List<String> rows = Files.readAllLines(DOCS).stream().filter(l -> l.startsWith("| `")).toList();
        for (Setting<?> setting : GatewaySettings.ALL) {
            String cell = "`" + setting.name() + "`";
            String row = rows.stream().filter(r -> r.split("\\|")[1].contains(cell)).findFirst().orElse(null);
            assertTrue(row != null, "docs/configuration.md has no row for " + setting.name());
            if (setting.defaultValue() != null && !setting.secret() && !setting.defaultText().isEmpty()) {
                assertTrue(row.contains("`" + setting.defaultText() + "`"),
                        setting.name() + " shows its default " + setting.defaultText() + " in: " + row);
            }
        }
    }

    @Test
    void secretsGivenInTheEnvironmentStayOutOfHelp() {
        CommandLine serve = new CommandLine(new Serve());
        serve.setDefaultValueProvider(SettingSources.load(new String[0],
                Map.of("COFFER_DB_PASSWORD", "db-password-value", "COFFER_ADMIN_TOKEN", "admin-token-value")));
        String help = serve.getUsageMessage();
        assertFalse(help.contains("db-password-value"), help);
        assertFalse(help.contains("admin-token-value"), help);
        for (Setting<?> setting : GatewaySettings.ALL) {
            assertEquals(!setting.flag(), serve.getCommandSpec().findOption(setting.option()) == null,
                    setting.name());
        }
    }

    @Test
    void rulesNameTheSettingAsOperatorsWriteIt() {
        IllegalArgumentException flag = assertThrows(
                IllegalArgumentException.class, () -> GatewaySettings.MAX_CONCURRENT_REQUESTS.check(0));
        assertEquals("--max-concurrent-requests must be at least 1", flag.getMessage());
        IllegalArgumentException variable = assertThrows(
                IllegalArgumentException.class, () -> GatewaySettings.SECRET_KEY.require(null));
        assertEquals("COFFER_SECRET_KEY must be 8 to 128 characters", variable.getMessage());
        assertEquals("64MiB", GatewaySettings.MIN_FREE_SPACE.defaultText());
        assertEquals("131072", GatewaySettings.VOLUME_MAX_OBJECT_SIZE.defaultText());
        assertEquals("7d", GatewaySettings.MULTIPART_EXPIRY.defaultText());
    }
}
