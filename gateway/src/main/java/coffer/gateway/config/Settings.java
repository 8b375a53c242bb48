package coffer.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The lower two of the three configuration sources, as picocli's default value provider: for the option
 * {@code --some-name}, the environment variable {@code COFFER_SOME_NAME}, else the key {@code some-name} of the
 * properties file given with {@code --config} (or {@code COFFER_CONFIG}), else the option's own default. A flag on
 * the command line beats both. See docs/configuration.md.
 */
public final class Settings implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> environment;
    private final Properties file;

    private Settings(Map<String, String> environment, Properties file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    /**
     * Reads the properties file named by {@code --config FILE} / {@code --config=FILE} in {@code args}, else by
     * {@code COFFER_CONFIG}; none is fine. A missing or unreadable file is an error naming it.
     */
    public static Settings load(String[] args, Map<String, String> environment) {
        String path = environment.get("COFFER_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties props = new Properties();
        if (path != null && !path.isEmpty()) {
            try (Reader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--config: cannot read " + path + " (" + e.getClass().getSimpleName()
                        + ")");
            }
        }
        return new Settings(environment, props);
    }

    /** The environment variable of an option: {@code --tls-port} is {@code COFFER_TLS_PORT}. */
    public static String environmentName(String option) {
        return "COFFER_" + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String key(String option) {
        return option.replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.longestName().equals("--config")) {
            return null;
        }
        String fromEnvironment = environment.get(environmentName(option.longestName()));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return file.getProperty(key(option.longestName()));
    }

    /** Keys of the properties file that name no option: a typo would otherwise be silently ignored. */
    public Set<String> unknownKeys(CommandLine.Model.CommandSpec command) {
        Set<String> unknown = new TreeSet<>(file.stringPropertyNames());
        for (OptionSpec option : command.options()) {
            unknown.remove(key(option.longestName()));
        }
        return unknown;
    }
}
