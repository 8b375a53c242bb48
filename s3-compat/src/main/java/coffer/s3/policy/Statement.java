package coffer.s3.policy;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * One compiled statement: its effect, whom it names (Principal or NotPrincipal), its actions (Action or NotAction,
 * as a bit set over {@link Actions}), its resources (Resource or NotResource, as wildcard patterns over ARNs) and
 * its conditions. Immutable.
 */
record Statement(String sid, boolean allow, Principals principals, BitSet actions, boolean notAction,
                 List<Glob> resources, boolean notResource, List<Condition> conditions) {
    /**
     * Keys whose positive test pins a statement to known callers, so that AWS does not count a statement that tests
     * one of them as public (GetBucketPolicyStatus, BlockPublicPolicy).
     */
    private static final Set<String> FIXING_KEYS = Set.of("aws:sourceip", "aws:sourcearn", "aws:sourcevpc",
            "aws:sourcevpce", "aws:sourceaccount", "aws:sourceowner", "aws:principalaccount", "aws:principalarn",
            "aws:principalorgid", "aws:userid", "aws:username");

    /** Whether the statement applies to {@code request} (its effect aside). */
    boolean applies(PolicyRequest request) {
        int action = request.action();
        if (action < 0 || actions.get(action) == notAction) {
            return false;
        }
        if (!principals.matches(request.account())) {
            return false;
        }
        String resource = request.resource();
        boolean named = false;
        for (Glob g : resources) {
            if (g.matches(resource)) {
                named = true;
                break;
            }
        }
        if (named == notResource) {
            return false;
        }
        for (Condition c : conditions) {
            if (!c.holds(request)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this allows everyone, anonymous callers included, with no condition that pins the caller. */
    boolean isPublic() {
        if (!allow || !principals.isPublic()) {
            return false;
        }
        for (Condition c : conditions) {
            if (c.operator().negated() || !FIXING_KEYS.contains(c.key())) {
                continue;
            }
            boolean wide = c.key().equals("aws:sourceip")
                    && c.values().stream().anyMatch(v -> v instanceof Cidr cidr && cidr.isWide());
            if (!wide) {
                return false;
            }
        }
        return true;
    }
}
