package coffer.s3.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * The condition operators of the IAM policy language (without the {@code IfExists} suffix and the
 * {@code ForAnyValue:}/{@code ForAllValues:} qualifiers, which {@link Condition} handles). Each compiles a policy
 * value once ({@link #compile}) and then tests request values against it ({@link #matches}, in the positive sense:
 * a negated operator such as StringNotEquals is true when no policy value matches).
 */
enum ConditionOperator {
    StringEquals(Type.STRING, false), StringNotEquals(Type.STRING, true),
    StringEqualsIgnoreCase(Type.STRING_IGNORE_CASE, false), StringNotEqualsIgnoreCase(Type.STRING_IGNORE_CASE, true),
    StringLike(Type.LIKE, false), StringNotLike(Type.LIKE, true),
    NumericEquals(Type.NUMERIC, false, c -> c == 0), NumericNotEquals(Type.NUMERIC, true, c -> c == 0),
    NumericLessThan(Type.NUMERIC, false, c -> c < 0), NumericLessThanEquals(Type.NUMERIC, false, c -> c <= 0),
    NumericGreaterThan(Type.NUMERIC, false, c -> c > 0),
    NumericGreaterThanEquals(Type.NUMERIC, false, c -> c >= 0),
    DateEquals(Type.DATE, false, c -> c == 0), DateNotEquals(Type.DATE, true, c -> c == 0),
    DateLessThan(Type.DATE, false, c -> c < 0), DateLessThanEquals(Type.DATE, false, c -> c <= 0),
    DateGreaterThan(Type.DATE, false, c -> c > 0), DateGreaterThanEquals(Type.DATE, false, c -> c >= 0),
    Bool(Type.BOOL, false),
    IpAddress(Type.IP, false), NotIpAddress(Type.IP, true),
    ArnEquals(Type.LIKE, false), ArnLike(Type.LIKE, false), ArnNotEquals(Type.LIKE, true),
    ArnNotLike(Type.LIKE, true),
    BinaryEquals(Type.STRING, false),
    Null(Type.BOOL, false);

    private enum Type { STRING, STRING_IGNORE_CASE, LIKE, NUMERIC, DATE, BOOL, IP }

    private final Type type;
    private final boolean negated;
    private final IntPredicate comparison;

    ConditionOperator(Type type, boolean negated) {
        this(type, negated, c -> c == 0);
    }

    ConditionOperator(Type type, boolean negated, IntPredicate comparison) {
        this.type = type;
        this.negated = negated;
        this.comparison = comparison;
    }

    boolean negated() {
        return negated;
    }

    /** The operator named {@code name} (case-sensitive, as IAM), or null. */
    static ConditionOperator named(String name) {
        for (ConditionOperator o : values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** A policy value in the form {@link #matches} compares; MalformedPolicy if it is not one of this type. */
    Object compile(String value) throws MalformedPolicyException {
        Object compiled = switch (type) {
            case STRING -> value;
            case STRING_IGNORE_CASE -> value.toLowerCase(Locale.ROOT);
            case LIKE -> new Glob(value);
            case NUMERIC -> number(value);
            case DATE -> date(value);
            case BOOL -> value.equalsIgnoreCase("true") ? Boolean.TRUE
                    : value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            case IP -> Cidr.parse(value);
        };
        if (compiled == null) {
            throw new MalformedPolicyException("Invalid value for condition operator " + name() + ": " + value);
        }
        return compiled;
    }

    /** Whether request value {@code value} matches compiled policy value {@code policy}. */
    boolean matches(String value, Object policy) {
        return switch (type) {
            case STRING -> value.equals(policy);
            case STRING_IGNORE_CASE -> value.toLowerCase(Locale.ROOT).equals(policy);
            case LIKE -> ((Glob) policy).matches(value);
            case NUMERIC -> {
                BigDecimal n = number(value);
                yield n != null && comparison.test(n.compareTo((BigDecimal) policy));
            }
            case DATE -> {
                Instant d = date(value);
                yield d != null && comparison.test(d.compareTo((Instant) policy));
            }
            case BOOL -> policy.equals(value.equalsIgnoreCase("true"));
            case IP -> ((Cidr) policy).contains(value);
        };
    }

    private static BigDecimal number(String value) {
        if (value.isEmpty() || value.length() > 40) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO 8601 (a date, or a date and time with Z or an offset) or epoch seconds. */
    static Instant date(String value) {
        try {
            if (!value.isEmpty() && value.length() <= 12 && value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
