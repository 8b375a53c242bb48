package coffer.gateway.config;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Adds an option to {@code coffer serve} for each flag setting of {@link GatewaySettings}, in the table's order,
 * with the table's type, default, label and help: picocli's model transformer, so that no option is declared a
 * second time as an annotated field. Environment settings get no option; the help's footer lists them.
 */
public final class ServeOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
        List<String> footer = new ArrayList<>();
        footer.add("Set in the environment only:");
        for (Setting<?> setting : GatewaySettings.ALL) {
            if (setting.flag()) {
                command.addOption(option(setting));
            } else {
                footer.add("  " + setting.environment() + ": " + setting.description());
            }
        }
        command.usageMessage().footer(footer.toArray(String[]::new));
        return command;
    }

    private static <T> OptionSpec option(Setting<T> setting) {
        SettingType<T> type = setting.type();
        OptionSpec.Builder option = OptionSpec.builder(setting.option())
                .type(type.javaType())
                .paramLabel(setting.label())
                .description(setting.description());
        if (type.element() != null) {
            option.auxiliaryTypes(type.element()).splitRegex(",");
        }
        if (type.converter() != null) {
            option.converters(type.converter());
        }
        if (type.arity() != null) {
            option.arity(type.arity());
        }
        if (setting.defaultValue() != null) {
            option.defaultValue(setting.defaultText());
        }
        return option.build();
    }
}
