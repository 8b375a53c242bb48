package coffer.s3.http;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's query, parsed once from the raw query string into both forms its readers need: the pairs as sent,
 * in order and still percent-encoded (signatures are computed over them), and the decoded parameters (what the
 * operation and its handler read). A parameter without {@code =} (a sub-resource such as {@code ?uploads}) has
 * the empty string as value. A broken escape or invalid UTF-8 is InvalidURI, when parsed. Immutable.
 */
public final class QueryParams {
    /** One parameter as sent, and decoded ({@code +} as space); {@code rawValue} is empty without {@code =}. */
    public record Pair(String rawName, String rawValue, String name, String value) {
    }

    private final List<Pair> pairs;
    private final Map<String, List<String>> params;

    private QueryParams(List<Pair> pairs, Map<String, List<String>> params) {
        this.pairs = pairs;
        this.params = params;
    }

    public static QueryParams parse(String rawQuery) {
        List<Pair> pairs = new ArrayList<>();
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String rawName = eq < 0 ? part : part.substring(0, eq);
                String rawValue = eq < 0 ? "" : part.substring(eq + 1);
                Pair pair = new Pair(rawName, rawValue, decode(rawName), decode(rawValue));
                pairs.add(pair);
                map.computeIfAbsent(pair.name(), k -> new ArrayList<>(1)).add(pair.value());
            }
        }
        return new QueryParams(List.copyOf(pairs), Collections.unmodifiableMap(map));
    }

    /** Query decoding: {@code %XX} as UTF-8 and {@code +} as space, as AWS decodes query strings. */
    private static String decode(String raw) {
        return PercentCodec.decode(raw, true);
    }

    /** Every parameter as sent, in order. */
    public List<Pair> pairs() {
        return pairs;
    }

    /** Whether the raw query holds a literal {@code +} (which form-encoding clients send for a space). */
    public boolean hasRawPlus() {
        return pairs.stream().anyMatch(p -> p.rawName().indexOf('+') >= 0 || p.rawValue().indexOf('+') >= 0);
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The first value, or {@code null} when absent. */
    public String get(String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.get(0);
    }

    /** The first value, if present. */
    public Optional<String> first(String name) {
        return Optional.ofNullable(get(name));
    }

    public Set<String> names() {
        return params.keySet();
    }

    /**
     * The value of integer parameter {@code name} sent as {@code value} (null when absent: {@code defaultValue}), at
     * most {@code max}; below {@code min} or not an integer is {@code InvalidArgument}.
     */
    public static int intValue(String name, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new NumberFormatException();
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid value for " + name + ": must be an integer"
                    + " of at least " + min, Map.of("ArgumentName", name, "ArgumentValue", value), null);
        }
    }
}
