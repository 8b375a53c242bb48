package coffer.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One setting of {@code coffer serve}, declared once in {@link GatewaySettings}: its name, type, default, the rules
 * a value must follow, and its help text. A flag setting is the option {@code --name}, the environment variable
 * {@code COFFER_NAME} and the key {@code name} of the {@code --config} file ({@link SettingSources}); an
 * environment setting is its variable alone (secrets and first-start values that have no business on a command
 * line). A secret's value is never printed: {@code --help} shows {@code shownDefault} instead.
 *
 * @param name         the flag without dashes, or the environment variable of an environment setting
 * @param type         how values are written
 * @param defaultValue the default, or null for none
 * @param shownDefault what {@code --help} says the default is, when not the value itself (none, secrets)
 * @param label        the parameter label in {@code --help}
 * @param help         one line for {@code --help}; " (default: ...)" is appended
 * @param rules        what a value must satisfy, each with the message that names the setting as {@code {}}
 * @param environment  the environment variable
 * @param flag         whether it is also a flag and a file key
 * @param secret       whether its value must never be printed
 */
public record Setting<T>(String name, SettingType<T> type, T defaultValue, String shownDefault, String label,
                         String help, List<Rule<T>> rules, String environment, boolean flag, boolean secret) {

    /** A check on one value, and the message when it fails ({@code {}} is the setting's name). */
    public record Rule<T>(Predicate<T> test, String message) {
    }

    public Setting {
        rules = List.copyOf(rules);
    }

    /** {@code --name}, {@code COFFER_NAME} and the file key {@code name}, with a default (null: none). */
    public static <T> Setting<T> flag(String name, SettingType<T> type, T defaultValue, String help) {
        return new Setting<>(name, type, defaultValue, null, type.label(), help, List.of(), environmentName(name),
                true, false);
    }

    /** An environment variable alone, without a default. */
    public static <T> Setting<T> environment(String variable, SettingType<T> type, String help) {
        return new Setting<>(variable, type, null, "none", type.label(), help, List.of(), variable, false, false);
    }

    /** The environment variable of a flag: {@code tls-port} is {@code COFFER_TLS_PORT}. */
    public static String environmentName(String name) {
        return "COFFER_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** With {@code text} in {@code --help} where the default goes (for none, or one that depends on the machine). */
    public Setting<T> shown(String text) {
        return new Setting<>(name, type, defaultValue, text, label, help, rules, environment, flag, secret);
    }

    public Setting<T> label(String text) {
        return new Setting<>(name, type, defaultValue, shownDefault, text, help, rules, environment, flag, secret);
    }

    /** With one more rule; {@code message} names the setting as {@code {}}, e.g. "{} must be at least 1". */
    public Setting<T> rule(Predicate<T> test, String message) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(test, message));
        return new Setting<>(name, type, defaultValue, shownDefault, label, help, more, environment, flag, secret);
    }

    /** A secret: {@code --help} shows {@code text} as its default, never a value. */
    public Setting<T> secret(String text) {
        return new Setting<>(name, type, defaultValue, text, label, help, rules, environment, flag, true);
    }

    /** What operators type: {@code --name} for a flag, the variable otherwise. */
    public String displayName() {
        return flag ? option() : environment;
    }

    public String option() {
        return "--" + name;
    }

    /** The default as an operator writes it, or null for none. */
    public String defaultText() {
        return defaultValue == null ? null : type.format().apply(defaultValue);
    }

    /** The help line with its default; picocli fills in {@code ${DEFAULT-VALUE}}. */
    public String description() {
        return help + " (default: " + (shownDefault != null ? shownDefault : "${DEFAULT-VALUE}") + ")";
    }

    /** {@code value} if it follows every rule (null, for a setting without a default, is left alone). */
    public T check(T value) {
        return value == null ? null : require(value);
    }

    /** {@code value} if it is given and follows every rule; IllegalArgumentException naming the setting if not. */
    public T require(T value) {
        for (Rule<T> rule : rules) {
            if (value == null || !rule.test().test(value)) {
                throw new IllegalArgumentException(rule.message().replace("{}", displayName()));
            }
        }
        return value;
    }
}
