package coffer.s3.op;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decoded query parameters of a request, parsed from the raw query string. A parameter without {@code =} (a
 * sub-resource such as {@code ?uploads}) has the empty string as value. Immutable.
 */
public final class QueryParams {
    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
        }
        return new QueryParams(Collections.unmodifiableMap(map));
    }

    /** Query decoding: {@code %XX} as UTF-8 and {@code +} as space, as AWS decodes query strings. */
    static String decode(String raw) {
        return PercentCodec.decode(raw, true);
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The first value, or {@code null} when absent. */
    public String get(String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.get(0);
    }

    public Set<String> names() {
        return params.keySet();
    }

    /** An optional non-negative integer parameter; anything else is {@code InvalidArgument}. */
    public int intParam(String name, int defaultValue, int min, int max) {
        String value = get(name);
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
