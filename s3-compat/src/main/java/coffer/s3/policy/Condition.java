package coffer.s3.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One test of a statement's Condition block: an operator (with its {@code IfExists} suffix and its
 * {@code ForAnyValue:}/{@code ForAllValues:} qualifier), a key, and the policy values, compiled. The values of one
 * key are alternatives (any matches); the keys and operators of a block must all hold. A key the request lacks
 * makes the test false, except under IfExists, ForAllValues, a negated operator (StringNotEquals, NotIpAddress...)
 * and Null, as IAM evaluates them. Immutable.
 */
record Condition(ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key, List<Object> values) {
    /** How a key with several request values (tag keys) is tested. */
    enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    /** The {@code s3:} keys a bucket policy may test (lower case), besides the tag keys. */
    static final Set<String> S3_KEYS = Set.of("s3:prefix", "s3:delimiter", "s3:max-keys", "s3:versionid",
            "s3:x-amz-acl", "s3:x-amz-grant-read", "s3:x-amz-grant-write", "s3:x-amz-grant-read-acp",
            "s3:x-amz-grant-write-acp", "s3:x-amz-grant-full-control", "s3:x-amz-copy-source",
            "s3:x-amz-metadata-directive", "s3:x-amz-server-side-encryption",
            "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-customer-algorithm",
            "s3:x-amz-storage-class", "s3:x-amz-content-sha256", "s3:x-amz-website-redirect-location",
            "s3:requestobjecttagkeys", "s3:locationconstraint", "s3:signatureversion", "s3:authtype",
            "s3:signatureage", "s3:tlsversion", "s3:object-lock-mode", "s3:object-lock-retain-until-date",
            "s3:object-lock-remaining-retention-days", "s3:object-lock-legal-hold", "s3:resourceaccount");
    static final String EXISTING_TAG = "s3:existingobjecttag/";
    static final String REQUEST_TAG = "s3:requestobjecttag/";

    /**
     * The key as requests are asked for it: lower case (IAM keys are case-insensitive), except the tag key after
     * {@code s3:ExistingObjectTag/} or {@code s3:RequestObjectTag/}, which is kept as written (tag keys are
     * case-sensitive). MalformedPolicy for a key a bucket policy cannot test.
     */
    static String normalizeKey(String key) throws MalformedPolicyException {
        int slash = key.indexOf('/');
        String head = (slash < 0 ? key : key.substring(0, slash + 1)).toLowerCase(Locale.ROOT);
        if (slash >= 0 && (head.equals(EXISTING_TAG) || head.equals(REQUEST_TAG)) && slash < key.length() - 1) {
            return head + key.substring(slash + 1);
        }
        if (slash < 0 && (head.startsWith("aws:") && head.length() > 4 || S3_KEYS.contains(head))) {
            return head;
        }
        throw new MalformedPolicyException("Policy has an invalid condition key: " + key);
    }

    boolean holds(PolicyRequest request) {
        List<String> present = request.values(key);
        boolean absent = present == null || present.isEmpty();
        if (operator == ConditionOperator.Null) {
            return values.contains(absent);
        }
        if (absent) {
            return ifExists || qualifier == Qualifier.FOR_ALL_VALUES
                    || (qualifier == Qualifier.NONE && operator.negated());
        }
        boolean all = qualifier == Qualifier.FOR_ALL_VALUES || (qualifier == Qualifier.NONE && operator.negated());
        for (String value : present) {
            boolean single = operator.negated() != anyMatch(value);
            if (all && !single) {
                return false;
            }
            if (!all && single) {
                return true;
            }
        }
        return all;
    }

    private boolean anyMatch(String value) {
        for (Object policy : values) {
            if (operator.matches(value, policy)) {
                return true;
            }
        }
        return false;
    }
}
