package coffer.gateway.config;

import coffer.gateway.admin.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * How a {@link Setting}'s value is written: the Java type picocli converts to (with a converter of ours where
 * picocli has none), how a default is printed, the parameter label and, for booleans, whether the value may be
 * left out ({@code --tls-self-signed} alone means true).
 *
 * @param javaType  the option's type for picocli
 * @param element   the element type of a list, split at commas; null otherwise
 * @param converter our converter, or null for picocli's own (its messages, e.g. "'http' is not an int")
 * @param format    the default value as an operator writes it
 * @param label     the parameter label in {@code --help}
 * @param arity     picocli's arity, or null for its default
 */
public record SettingType<T>(Class<?> javaType, Class<?> element, CommandLine.ITypeConverter<T> converter,
                             Function<T, String> format, String label, String arity) {
    public static final SettingType<Integer> INT = plain(int.class, "N");
    public static final SettingType<Long> LONG = plain(long.class, "N");
    public static final SettingType<Double> DECIMAL = plain(double.class, "NUMBER");
    public static final SettingType<String> TEXT = plain(String.class, "TEXT");
    public static final SettingType<Path> PATH = plain(Path.class, "PATH");
    /** {@code true} or {@code false}, always written out. */
    public static final SettingType<Boolean> BOOL = new SettingType<>(boolean.class, null, null, String::valueOf,
            "BOOL", "1");
    /** A boolean whose flag alone means true. */
    public static final SettingType<Boolean> SWITCH = new SettingType<>(boolean.class, null, null, String::valueOf,
            "BOOL", "0..1");
    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}; a bare number is seconds. */
    public static final SettingType<Duration> DURATION = new SettingType<>(Duration.class, null,
            new DurationConverter(), DurationConverter::format, "DURATION", null);
    /** Bytes, as {@code 64MiB}, {@code 1GB} or {@code 1048576} ({@link Sizes}). */
    public static final SettingType<Long> SIZE = new SettingType<>(long.class, null, new SizeConverter(),
            SizeConverter::format, "SIZE", null);
    /** Comma-separated names. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final SettingType<List<String>> NAMES = new SettingType<>(List.class, String.class, null,
            names -> String.join(",", names), "NAME", null);

    private static <T> SettingType<T> plain(Class<?> type, String label) {
        return new SettingType<>(type, null, null, String::valueOf, label, null);
    }
}
