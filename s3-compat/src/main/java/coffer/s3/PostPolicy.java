package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A browser POST upload's policy: {@code {"expiration": "...", "conditions": [...]}}, base64 in the form's
 * {@code policy} field. Conditions, as AWS defines them:
 * <ul>
 *   <li>{@code {"field": "value"}} and {@code ["eq", "$field", "value"]}: the form field equals the value;</li>
 *   <li>{@code ["starts-with", "$field", "prefix"]}: it starts with the prefix ({@code ""} allows anything); for
 *       Content-Type every comma-separated value must;</li>
 *   <li>{@code ["content-length-range", min, max]}: the file's size, checked while it streams.</li>
 * </ul>
 * {@code bucket} is the bucket the request addresses. Field names match case-insensitively; an absent field
 * counts as empty. Every form field except {@code policy}, the signature, {@code file}, {@code x-ignore-*} and
 * {@code x-amz-checksum-*} must be named by a condition. Immutable.
 */
record PostPolicy(Instant expiration, List<Match> matches, Optional<LengthRange> lengthRange) {

    /** An {@code eq} (or {@code starts-with}) condition on one field; {@code field} is lower case. */
    public record Match(String field, boolean startsWith, String value) {
        @Override
        public String toString() {
            return "[\"" + (startsWith ? "starts-with" : "eq") + "\", \"$" + field + "\", \"" + value + "\"]";
        }
    }

    /** {@code content-length-range}: the file holds {@code min..max} bytes, both inclusive. */
    public record LengthRange(long min, long max) {
    }

    /** Fields no condition needs to name. */
    private static final Set<String> EXEMPT = Set.of("policy", "x-amz-signature", "signature", "awsaccesskeyid",
            "file");

    public PostPolicy {
        matches = List.copyOf(matches);
    }

    /** Decodes and parses the {@code policy} field; anything malformed is 400 InvalidPolicyDocument. */
    public static PostPolicy parse(String base64) {
        String json;
        try {
            json = new String(Base64.getMimeDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid Policy: Invalid base64 encoding.");
        }
        Object document;
        try {
            document = Json.parse(json);
        } catch (Json.MalformedJsonException e) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        if (!(root.get("expiration") instanceof String expirationText)) {
            throw invalid("Invalid Policy: Policy missing expiration.");
        }
        Instant expiration = parseExpiration(expirationText);
        if (!(root.get("conditions") instanceof List<?> conditions)) {
            throw invalid("Invalid Policy: Policy missing conditions.");
        }
        List<Match> matches = new ArrayList<>();
        LengthRange range = null;
        for (Object condition : conditions) {
            if (condition instanceof Map<?, ?> simple) {
                if (simple.size() != 1) {
                    throw invalid("Invalid Policy: Invalid Simple-Condition: exactly one field per object.");
                }
                Map.Entry<?, ?> entry = simple.entrySet().iterator().next();
                matches.add(new Match(fieldName(String.valueOf(entry.getKey()), false), false,
                        scalar(entry.getValue())));
            } else if (condition instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String op) {
                String operator = op.toLowerCase(Locale.ROOT);
                if (operator.equals("content-length-range") && list.size() == 3) {
                    range = new LengthRange(length(list.get(1)), length(list.get(2)));
                    if (range.min() > range.max()) {
                        throw invalid("Invalid Policy: content-length-range minimum is above its maximum.");
                    }
                } else if ((operator.equals("eq") || operator.equals("starts-with")) && list.size() == 3
                        && list.get(1) instanceof String field) {
                    matches.add(new Match(fieldName(field, true), operator.equals("starts-with"),
                            scalar(list.get(2))));
                } else {
                    throw invalid("Invalid Policy: Invalid Condition: " + list);
                }
            } else {
                throw invalid("Invalid Policy: Invalid Condition.");
            }
        }
        return new PostPolicy(expiration, matches, Optional.ofNullable(range));
    }

    /**
     * Checks every field condition against the form and the addressed bucket, then that no form field is left
     * without a condition; 403 AccessDenied "Invalid according to Policy: ..." on the first that fails.
     *
     * @param fields the form fields before the file, names lower-cased
     */
    public void checkFields(String bucket, Map<String, String> fields) {
        checkFields(bucket, fields, fields.getOrDefault("key", ""));
    }

    /**
     * As {@link #checkFields(String, Map)}, where a condition on {@code key} may hold for the key field as sent
     * or for {@code key}, the key with {@code ${filename}} replaced: a policy may name either (AWS's examples
     * put {@code ${filename}} in the form and a prefix in the policy; an {@code eq} on the template is as
     * natural, and MinIO checks the replaced key).
     */
    public void checkFields(String bucket, Map<String, String> fields, String key) {
        for (Match match : matches) {
            String actual = match.field().equals("bucket") ? bucket : fields.getOrDefault(match.field(), "");
            if (!holds(match, actual) && !(match.field().equals("key") && holds(match, key))) {
                throw denied("Invalid according to Policy: Policy Condition failed: " + match);
            }
        }
        Set<String> covered = new TreeSet<>();
        matches.forEach(m -> covered.add(m.field()));
        Set<String> extra = new TreeSet<>();
        for (String name : fields.keySet()) {
            // A checksum field only makes the upload stricter (the file must match it), so no condition needs it.
            if (!EXEMPT.contains(name) && !name.startsWith("x-ignore-") && !name.startsWith("x-amz-checksum-")
                    && !covered.contains(name)) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw denied("Invalid according to Policy: Extra input fields: " + String.join(", ", extra));
        }
    }

    private static boolean holds(Match match, String actual) {
        if (!match.startsWith()) {
            return actual.equals(match.value());
        }
        if (match.field().equals("content-type")) {
            for (String type : actual.split(",", -1)) {
                if (!type.trim().startsWith(match.value())) {
                    return false;
                }
            }
            return true;
        }
        return actual.startsWith(match.value());
    }

    private static String fieldName(String name, boolean dollar) {
        if (dollar) {
            if (!name.startsWith("$") || name.length() < 2) {
                throw invalid("Invalid Policy: a condition's field must be written $name: " + name);
            }
            name = name.substring(1);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String scalar(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal n) {
            return n.toPlainString();
        }
        throw invalid("Invalid Policy: a condition's value must be a string.");
    }

    private static long length(Object value) {
        try {
            BigDecimal n = value instanceof BigDecimal d ? d : new BigDecimal(String.valueOf(value).trim());
            long parsed = n.longValueExact();
            if (parsed >= 0) {
                return parsed;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the S3 error
        }
        throw invalid("Invalid Policy: content-length-range bounds must be non-negative integers.");
    }

    private static Instant parseExpiration(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw invalid("Invalid Policy: Invalid 'expiration' value: '" + text + "'");
            }
        }
    }

    private static S3Exception invalid(String message) {
        return new S3Exception(S3ErrorCode.INVALID_POLICY_DOCUMENT, message);
    }

    private static S3Exception denied(String message) {
        return new S3Exception(S3ErrorCode.ACCESS_DENIED, message);
    }
}
