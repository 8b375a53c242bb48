package coffer.s3.policy;

import coffer.s3.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/** Turns a bucket policy's JSON text into compiled statements, or says precisely why it cannot. Stateless. */
final class PolicyParser {
    private static final String ARN_PREFIX = "arn:aws:s3:::";
    private static final Set<String> TOP_FIELDS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal",
            "Action", "NotAction", "Resource", "NotResource", "Condition");

    private PolicyParser() {
    }

    static List<Statement> statements(String text, String bucket, Function<String, OptionalLong> canonicalIds)
            throws MalformedPolicyException {
        if (!text.stripLeading().startsWith("{")) {
            throw new MalformedPolicyException("Policies must be valid JSON and the first byte must be '{'");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.MalformedJsonException e) {
            throw new MalformedPolicyException("Policies must be valid JSON: " + e.getMessage());
        }
        Map<String, Object> policy = object(parsed, "policy");
        unknownFields(policy, TOP_FIELDS);
        Object version = policy.get("Version");
        if (version != null && !"2012-10-17".equals(version) && !"2008-10-17".equals(version)) {
            throw new MalformedPolicyException("The policy must contain a valid version string (2012-10-17)");
        }
        if (policy.containsKey("Id") && !(policy.get("Id") instanceof String)) {
            throw new MalformedPolicyException("Id must be a string");
        }
        Object body = policy.get("Statement");
        if (body == null) {
            throw new MalformedPolicyException("Missing required field Statement");
        }
        List<?> list = body instanceof List<?> l ? l : List.of(body);
        if (list.isEmpty()) {
            throw new MalformedPolicyException("Missing required field Statement");
        }
        List<Statement> statements = new ArrayList<>(list.size());
        Set<String> sids = new HashSet<>();
        for (Object s : list) {
            Statement statement = statement(object(s, "Statement"), bucket, canonicalIds);
            if (statement.sid() != null && !sids.add(statement.sid())) {
                throw new MalformedPolicyException("Statement IDs (SID) in a single policy must be unique");
            }
            statements.add(statement);
        }
        return statements;
    }

    private static Statement statement(Map<String, Object> s, String bucket,
                                       Function<String, OptionalLong> canonicalIds) throws MalformedPolicyException {
        unknownFields(s, STATEMENT_FIELDS);
        Object sid = s.get("Sid");
        if (sid != null && !(sid instanceof String)) {
            throw new MalformedPolicyException("Sid must be a string");
        }
        Object effect = s.get("Effect");
        if (effect == null) {
            throw new MalformedPolicyException("Missing required field Effect");
        }
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
            throw new MalformedPolicyException("Invalid effect: " + effect);
        }
        boolean allow = "Allow".equals(effect);
        String principalField = exactlyOne(s, "Principal", "NotPrincipal");
        if (principalField.equals("NotPrincipal") && allow) {
            throw new MalformedPolicyException("NotPrincipal may only be used with Effect Deny");
        }
        Principals principals = Principals.parse(s.get(principalField), principalField.equals("NotPrincipal"),
                canonicalIds);
        String actionField = exactlyOne(s, "Action", "NotAction");
        BitSet actions = new BitSet(Actions.NAMES.size());
        for (String a : strings(s.get(actionField), actionField)) {
            actions.or(Actions.matching(a));
        }
        String resourceField = exactlyOne(s, "Resource", "NotResource");
        List<Glob> resources = new ArrayList<>();
        for (String r : strings(s.get(resourceField), resourceField)) {
            resources.add(resource(r, bucket));
        }
        List<Condition> conditions = s.containsKey("Condition") ? conditions(s.get("Condition")) : List.of();
        return new Statement((String) sid, allow, principals, actions, actionField.equals("NotAction"),
                List.copyOf(resources), resourceField.equals("NotResource"), conditions);
    }

    /** A resource of this bucket: the bucket's ARN or an object ARN pattern whose bucket part names it. */
    private static Glob resource(String arn, String bucket) throws MalformedPolicyException {
        if (!arn.startsWith(ARN_PREFIX)) {
            throw new MalformedPolicyException("Policy has invalid resource: " + arn);
        }
        String rest = arn.substring(ARN_PREFIX.length());
        int slash = rest.indexOf('/');
        String bucketPart = slash < 0 ? rest : rest.substring(0, slash);
        if (bucketPart.isEmpty() || !new Glob(bucketPart).matches(bucket)) {
            throw new MalformedPolicyException("Policy has invalid resource: " + arn
                    + " (a bucket policy's resources must be in its bucket)");
        }
        return new Glob(arn);
    }

    private static List<Condition> conditions(Object block) throws MalformedPolicyException {
        Map<String, Object> operators = object(block, "Condition");
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> e : operators.entrySet()) {
            String name = e.getKey();
            Condition.Qualifier qualifier = Condition.Qualifier.NONE;
            if (name.startsWith("ForAnyValue:")) {
                qualifier = Condition.Qualifier.FOR_ANY_VALUE;
                name = name.substring("ForAnyValue:".length());
            } else if (name.startsWith("ForAllValues:")) {
                qualifier = Condition.Qualifier.FOR_ALL_VALUES;
                name = name.substring("ForAllValues:".length());
            }
            boolean ifExists = name.endsWith("IfExists");
            if (ifExists) {
                name = name.substring(0, name.length() - "IfExists".length());
            }
            ConditionOperator operator = ConditionOperator.named(name);
            if (operator == null || (ifExists && operator == ConditionOperator.Null)) {
                throw new MalformedPolicyException("Policy has an invalid condition operator: " + e.getKey());
            }
            Map<String, Object> keys = object(e.getValue(), "Condition " + e.getKey());
            if (keys.isEmpty()) {
                throw new MalformedPolicyException("Condition " + e.getKey() + " names no key");
            }
            for (Map.Entry<String, Object> k : keys.entrySet()) {
                List<Object> values = new ArrayList<>();
                for (String v : conditionValues(k.getValue(), k.getKey())) {
                    values.add(operator.compile(v));
                }
                conditions.add(new Condition(operator, qualifier, ifExists, Condition.normalizeKey(k.getKey()),
                        List.copyOf(values)));
            }
        }
        return List.copyOf(conditions);
    }

    private static List<String> conditionValues(Object value, String key) throws MalformedPolicyException {
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        if (list.isEmpty()) {
            throw new MalformedPolicyException("Condition key " + key + " has no value");
        }
        List<String> values = new ArrayList<>(list.size());
        for (Object v : list) {
            if (v instanceof String str) {
                values.add(str);
            } else if (v instanceof BigDecimal n) {
                values.add(n.toPlainString());
            } else if (v instanceof Boolean b) {
                values.add(b.toString());
            } else {
                throw new MalformedPolicyException("Condition key " + key + " has an invalid value");
            }
        }
        return values;
    }

    /** A string or a non-empty list of strings. */
    static List<String> strings(Object value, String field) throws MalformedPolicyException {
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        if (list.isEmpty()) {
            throw new MalformedPolicyException(field + " must not be empty");
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object v : list) {
            if (!(v instanceof String str)) {
                throw new MalformedPolicyException(field + " must be a string or a list of strings");
            }
            strings.add(str);
        }
        return strings;
    }

    private static String exactlyOne(Map<String, Object> s, String field, String negated)
            throws MalformedPolicyException {
        boolean plain = s.containsKey(field);
        boolean not = s.containsKey(negated);
        if (plain && not) {
            throw new MalformedPolicyException("A statement may not have both " + field + " and " + negated);
        }
        if (!plain && !not) {
            throw new MalformedPolicyException("Missing required field " + field);
        }
        return plain ? field : negated;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) throws MalformedPolicyException {
        if (!(value instanceof Map<?, ?>)) {
            throw new MalformedPolicyException("Invalid policy syntax: " + what + " must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static void unknownFields(Map<String, Object> map, Set<String> known) throws MalformedPolicyException {
        for (String name : map.keySet()) {
            if (!known.contains(name)) {
                throw new MalformedPolicyException("Policy has an unknown field: " + name);
            }
        }
    }
}
