package coffer.s3.policy;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A bucket policy, compiled once from its JSON text ({@link #parse}) and then evaluated for every request that
 * addresses its bucket ({@link #evaluate}) without any parsing: an explicit Deny of any applicable statement wins,
 * else an Allow of any applicable statement allows, else the policy says nothing. See docs/policies.md for the
 * language Coffer accepts. Immutable and thread-safe.
 */
public final class BucketPolicy {
    /** AWS's limit on the size of a bucket policy: 20 KB. */
    public static final int MAX_BYTES = 20 * 1024;
    /** The policy of a bucket without one: says nothing about any request. */
    public static final BucketPolicy NONE = new BucketPolicy(List.of());

    private final List<Statement> statements;
    private final boolean isPublic;

    BucketPolicy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
        this.isPublic = statements.stream().anyMatch(Statement::isPublic);
    }

    /**
     * Compiles {@code text}, the policy of bucket {@code bucket}. {@code canonicalIds} resolves a canonical user id
     * (64 lower-case hex digits) to its live account, if any.
     *
     * @throws MalformedPolicyException with the reason: not JSON, a missing or unknown field, an unknown action,
     *                                  operator or condition key, a resource outside this bucket, a bad principal
     */
    public static BucketPolicy parse(String text, String bucket, Function<String, OptionalLong> canonicalIds)
            throws MalformedPolicyException {
        return new BucketPolicy(PolicyParser.statements(text, bucket, canonicalIds));
    }

    public Decision evaluate(PolicyRequest request) {
        boolean allowed = false;
        for (Statement s : statements) {
            if ((s.allow() && allowed) || !s.applies(request)) {
                continue;
            }
            if (!s.allow()) {
                return Decision.DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.NONE;
    }

    /** Whether any statement allows everyone without a condition that pins the caller (AWS's "public" policy). */
    public boolean isPublic() {
        return isPublic;
    }

    /** Whether this says nothing about any request (a bucket without a policy). */
    public boolean isEmpty() {
        return statements.isEmpty();
    }
}
