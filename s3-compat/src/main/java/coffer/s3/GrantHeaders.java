package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The {@code x-amz-grant-*} headers: each a comma-separated list of {@code id=...}, {@code emailAddress=...} or
 * {@code uri=...}, values optionally in double quotes. The grants come out in a fixed order: by permission (read,
 * write, read-acp, write-acp, full-control), then as listed in the header. Stateless.
 */
final class GrantHeaders {
    private GrantHeaders() {
    }

    /** The grants {@code header} (a header lookup by name) carries; empty when there is no grant header. */
    public static List<RequestedGrant> parse(UnaryOperator<String> header) {
        List<RequestedGrant> grants = new ArrayList<>();
        for (Permission permission : Permission.values()) {
            String value = header.apply(permission.header());
            if (value == null) {
                continue;
            }
            for (String item : split(value)) {
                grants.add(new RequestedGrant(grantee(item), permission));
            }
        }
        return grants;
    }

    private static GranteeRef grantee(String item) {
        int eq = item.indexOf('=');
        if (eq <= 0) {
            throw invalid();
        }
        String kind = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = item.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).trim();
        }
        if (value.isEmpty()) {
            throw invalid();
        }
        return switch (kind) {
            case "id" -> new GranteeRef.ById(value);
            case "emailaddress" -> new GranteeRef.ByEmail(value);
            case "uri" -> new GranteeRef.ByGroup(Group.fromUri(value));
            default -> throw invalid();
        };
    }

    /** Splits on commas outside double quotes. */
    private static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                items.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        items.add(current.toString());
        return items.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static S3Exception invalid() {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid x-amz-grant header value");
    }
}
