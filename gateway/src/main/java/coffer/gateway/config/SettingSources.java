package coffer.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Where settings come from besides the command line: for a flag setting {@code --some-name} of
 * {@link GatewaySettings}, its environment variable {@code COFFER_SOME_NAME}, else the key {@code some-name} of the
 * properties file given with {@code --config} (or {@code COFFER_CONFIG}), else the setting's default; a flag on the
 * command line beats both (this is picocli's default value provider). Environment settings are read from the
 * environment alone ({@link #environment}). See docs/configuration.md.
 */
public final class SettingSources implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> environment;
    private final Properties file;

    private SettingSources(Map<String, String> environment, Properties file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    /**
     * Reads the properties file named by {@code --config FILE} / {@code --config=FILE} in {@code args}, else by
     * {@code COFFER_CONFIG}; none is fine. A missing or unreadable file is an error naming it.
     */
    public static SettingSources load(String[] args, Map<String, String> environment) {
        Setting<Path> config = GatewaySettings.CONFIG;
        String path = environment.get(config.environment());
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(config.option()) && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith(config.option() + "=")) {
                path = args[i].substring(config.option().length() + 1);
            }
        }
        Properties props = new Properties();
        if (path != null && !path.isEmpty()) {
            try (Reader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException(config.option() + ": cannot read " + path + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return new SettingSources(environment, props);
    }

    /** An environment setting's value as given (unchecked); empty when the variable is not set. */
    public <T> Optional<String> environment(Setting<T> setting) {
        return Optional.ofNullable(environment.get(setting.environment()));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        Optional<Setting<?>> setting = GatewaySettings.flag(option.longestName());
        if (setting.isEmpty() || setting.get() == GatewaySettings.CONFIG) {
            return null;
        }
        String fromEnvironment = environment.get(setting.get().environment());
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return file.getProperty(setting.get().name());
    }

    /** Keys of the properties file that name no flag setting: a typo would otherwise be silently ignored. */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>(file.stringPropertyNames());
        unknown.removeIf(key -> GatewaySettings.flag(key).isPresent());
        return unknown;
    }
}
