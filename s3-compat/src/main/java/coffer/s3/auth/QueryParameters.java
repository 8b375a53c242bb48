package coffer.s3.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The raw query split into name/value pairs, in order, still percent-encoded. */
record QueryParameters(List<Pair> pairs) {

    /** One parameter as sent; {@code rawValue} is empty for a parameter without {@code =}. */
    record Pair(String rawName, String rawValue) {
        String name() {
            return AwsUriEncoding.decodeToString(rawName);
        }

        String value() {
            return AwsUriEncoding.decodeToString(rawValue);
        }
    }

    QueryParameters {
        pairs = List.copyOf(pairs);
    }

    static QueryParameters parse(String rawQuery) {
        List<Pair> pairs = new ArrayList<>();
        if (rawQuery != null) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                pairs.add(eq < 0 ? new Pair(part, "") : new Pair(part.substring(0, eq), part.substring(eq + 1)));
            }
        }
        return new QueryParameters(pairs);
    }

    /** The decoded value of the first parameter with this exact (decoded, case-sensitive) name. */
    Optional<String> first(String name) {
        for (Pair pair : pairs) {
            if (pair.name().equals(name)) {
                return Optional.of(pair.value());
            }
        }
        return Optional.empty();
    }

    boolean has(String name) {
        return first(name).isPresent();
    }
}
