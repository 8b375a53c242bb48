package coffer.s3.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A statement's Principal (or NotPrincipal), compiled to account ids. Coffer's accounts are AWS accounts without
 * IAM users, so the forms that name an account are: {@code "*"} (everyone, anonymous callers included), the
 * account's 12-digit number (its id, zero-padded: the number in its {@code aws/s3} KMS key ARN),
 * {@code arn:aws:iam::NUMBER:root}, and its canonical user id (64 hex digits, as {@code AWS} or
 * {@code CanonicalUser}). Well-formed forms that name no live account (another number, an IAM user or role ARN, a
 * {@code Service} or {@code Federated} principal) are accepted and match no caller; anything else is
 * "Invalid principal in policy". Immutable.
 */
record Principals(boolean anyone, long[] accounts, boolean negated) {
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{12}");
    private static final Pattern CANONICAL_ID = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern IAM_ARN = Pattern.compile("arn:aws:iam::([^:]*):(root|user/.+|role/.+|assumed-role/.+)");

    boolean matches(OptionalLong caller) {
        boolean inSet = anyone || (caller.isPresent() && Arrays.binarySearch(accounts, caller.getAsLong()) >= 0);
        return negated != inSet;
    }

    /** Whether this names everyone: a public principal. */
    boolean isPublic() {
        return anyone && !negated;
    }

    static Principals parse(Object value, boolean negated, Function<String, OptionalLong> canonicalIds)
            throws MalformedPolicyException {
        if ("*".equals(value)) {
            return new Principals(true, new long[0], negated);
        }
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new MalformedPolicyException("Invalid principal in policy");
        }
        boolean anyone = false;
        List<Long> ids = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String type = (String) e.getKey();
            for (String name : PolicyParser.strings(e.getValue(), "Principal")) {
                switch (type) {
                    case "AWS" -> {
                        if (name.equals("*")) {
                            anyone = true;
                        } else {
                            aws(name, canonicalIds).ifPresent(ids::add);
                        }
                    }
                    case "CanonicalUser" -> canonical(name, canonicalIds).ifPresent(ids::add);
                    case "Service", "Federated" -> {
                        // Well-formed, names no Coffer caller.
                    }
                    default -> throw new MalformedPolicyException("Invalid principal in policy");
                }
            }
        }
        long[] accounts = ids.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        return new Principals(anyone, accounts, negated);
    }

    private static Optional<Long> aws(String name, Function<String, OptionalLong> canonicalIds)
            throws MalformedPolicyException {
        if (ACCOUNT_NUMBER.matcher(name).matches()) {
            return Optional.of(Long.parseLong(name));
        }
        var arn = IAM_ARN.matcher(name);
        if (arn.matches()) {
            return arn.group(2).equals("root") && ACCOUNT_NUMBER.matcher(arn.group(1)).matches()
                    ? Optional.of(Long.parseLong(arn.group(1))) : Optional.empty();
        }
        return canonical(name, canonicalIds);
    }

    private static Optional<Long> canonical(String name, Function<String, OptionalLong> canonicalIds)
            throws MalformedPolicyException {
        if (!CANONICAL_ID.matcher(name).matches()) {
            throw new MalformedPolicyException("Invalid principal in policy");
        }
        OptionalLong id = canonicalIds.apply(name.toLowerCase(Locale.ROOT));
        return id.isPresent() ? Optional.of(id.getAsLong()) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Principals p && anyone == p.anyone && negated == p.negated
                && Arrays.equals(accounts, p.accounts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(accounts) * 31 + (anyone ? 1 : 0) + (negated ? 2 : 0);
    }

    @Override
    public String toString() {
        return (negated ? "Not" : "") + (anyone ? "*" : Arrays.toString(accounts));
    }
}
