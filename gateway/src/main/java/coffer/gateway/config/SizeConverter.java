package coffer.gateway.config;

import coffer.gateway.admin.Sizes;
import picocli.CommandLine;

/** Sizes as operators write them ({@code 64MiB}, {@code 1GB}, {@code 1048576}); see {@link Sizes}. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** As an operator writes it: {@code 64MiB}, or plain bytes when no binary unit divides it. */
    public static String format(long bytes) {
        String text = Sizes.format(bytes);
        return text.endsWith(" B") ? String.valueOf(bytes) : text.replace(" ", "");
    }
}
