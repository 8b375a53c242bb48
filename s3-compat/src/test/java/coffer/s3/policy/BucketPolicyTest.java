package coffer.s3.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BucketPolicyTest {
    private static final String CANONICAL = "ab".repeat(32);

    /** A request of account {@code account} (0: anonymous). */
    private record Req(long caller, String actionName, String resource, Map<String, List<String>> values)
            implements PolicyRequest {
        Req(long caller, String actionName, String resource) {
            this(caller, actionName, resource, new HashMap<>());
        }

        Req with(String key, String... v) {
            values.put(key, List.of(v));
            return this;
        }

        @Override
        public OptionalLong account() {
            return caller == 0 ? OptionalLong.empty() : OptionalLong.of(caller);
        }

        @Override
        public int action() {
            return Actions.index(actionName);
        }

        @Override
        public List<String> values(String key) {
            return values().get(key);
        }
    }

    private static BucketPolicy parse(String statements) throws MalformedPolicyException {
        return BucketPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}", "bkt",
                id -> id.equals(CANONICAL) ? OptionalLong.of(7) : OptionalLong.empty());
    }

    private static String stmt(String effect, String principal, String action, String resource, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action
                + ",\"Resource\":" + resource + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    @Test
    void secondAccountReadsOnePrefixOnly() throws Exception {
        BucketPolicy p = parse("[" + stmt("Allow", "{\"AWS\":\"arn:aws:iam::000000000002:root\"}",
                "[\"s3:GetObject\"]", "\"arn:aws:s3:::bkt/shared/*\"", null) + ","
                + stmt("Allow", "{\"AWS\":\"000000000002\"}", "\"s3:ListBucket\"", "\"arn:aws:s3:::bkt\"",
                "{\"StringLike\":{\"s3:prefix\":\"shared/*\"}}") + "]");
        assertEquals(Decision.ALLOW, p.evaluate(new Req(2, "s3:GetObject", "arn:aws:s3:::bkt/shared/a")));
        assertEquals(Decision.NONE, p.evaluate(new Req(2, "s3:GetObject", "arn:aws:s3:::bkt/private/a")));
        assertEquals(Decision.NONE, p.evaluate(new Req(3, "s3:GetObject", "arn:aws:s3:::bkt/shared/a")));
        assertEquals(Decision.NONE, p.evaluate(new Req(0, "s3:GetObject", "arn:aws:s3:::bkt/shared/a")));
        assertEquals(Decision.NONE, p.evaluate(new Req(2, "s3:PutObject", "arn:aws:s3:::bkt/shared/a")));
        assertEquals(Decision.ALLOW, p.evaluate(new Req(2, "s3:ListBucket", "arn:aws:s3:::bkt")
                .with("s3:prefix", "shared/x")));
        assertEquals(Decision.NONE, p.evaluate(new Req(2, "s3:ListBucket", "arn:aws:s3:::bkt")
                .with("s3:prefix", "")));
        assertFalse(p.isPublic());
    }

    @Test
    void explicitDenyWinsOverAllow() throws Exception {
        BucketPolicy p = parse("[" + stmt("Allow", "\"*\"", "\"s3:*\"", "\"arn:aws:s3:::bkt/*\"", null) + ","
                + stmt("Deny", "{\"AWS\":\"*\"}", "\"s3:Get*\"", "\"arn:aws:s3:::bkt/secret/*\"", null) + "]");
        assertEquals(Decision.ALLOW, p.evaluate(new Req(0, "s3:GetObject", "arn:aws:s3:::bkt/a")));
        assertEquals(Decision.DENY, p.evaluate(new Req(5, "s3:GetObject", "arn:aws:s3:::bkt/secret/a")));
        assertEquals(Decision.DENY, p.evaluate(new Req(5, "s3:GetObjectAcl", "arn:aws:s3:::bkt/secret/a")));
        assertEquals(Decision.ALLOW, p.evaluate(new Req(5, "s3:PutObject", "arn:aws:s3:::bkt/secret/a")));
        assertTrue(p.isPublic());
    }

    @Test
    void canonicalIdsAndNotPrincipal() throws Exception {
        BucketPolicy p = parse("[" + stmt("Allow", "{\"CanonicalUser\":\"" + CANONICAL + "\"}", "\"*\"",
                "\"arn:aws:s3:::bkt\"", null) + ",{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + CANONICAL
                + "\"},\"NotAction\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::bkt\"}]");
        assertEquals(Decision.ALLOW, p.evaluate(new Req(7, "s3:GetBucketAcl", "arn:aws:s3:::bkt")));
        assertEquals(Decision.DENY, p.evaluate(new Req(8, "s3:GetBucketAcl", "arn:aws:s3:::bkt")));
        assertEquals(Decision.NONE, p.evaluate(new Req(8, "s3:ListBucket", "arn:aws:s3:::bkt")));
    }

    @Test
    void conditionOperators() throws Exception {
        BucketPolicy ip = parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"IpAddress\":{\"aws:SourceIp\":[\"10.1.0.0/16\",\"2001:db8::/32\"]},"
                        + "\"Bool\":{\"aws:SecureTransport\":\"false\"}}") + "]");
        Req inside = new Req(0, "s3:GetObject", "arn:aws:s3:::bkt/k").with("aws:sourceip", "10.1.2.3")
                .with("aws:securetransport", "false");
        assertEquals(Decision.ALLOW, ip.evaluate(inside));
        assertEquals(Decision.NONE, ip.evaluate(new Req(0, "s3:GetObject", "arn:aws:s3:::bkt/k")
                .with("aws:sourceip", "10.2.0.1").with("aws:securetransport", "false")));
        assertEquals(Decision.ALLOW, ip.evaluate(new Req(0, "s3:GetObject", "arn:aws:s3:::bkt/k")
                .with("aws:sourceip", "2001:db8::1").with("aws:securetransport", "false")));
        assertEquals(Decision.NONE, ip.evaluate(new Req(0, "s3:GetObject", "arn:aws:s3:::bkt/k")
                .with("aws:sourceip", "10.1.2.3").with("aws:securetransport", "true")));
        assertFalse(ip.isPublic(), "pinned to a source range");

        BucketPolicy numbers = parse("[" + stmt("Deny", "\"*\"", "\"s3:ListBucket\"", "\"arn:aws:s3:::bkt\"",
                "{\"NumericGreaterThan\":{\"s3:max-keys\":\"10\"}}") + "]");
        assertEquals(Decision.DENY, numbers.evaluate(new Req(1, "s3:ListBucket", "arn:aws:s3:::bkt")
                .with("s3:max-keys", "11")));
        assertEquals(Decision.NONE, numbers.evaluate(new Req(1, "s3:ListBucket", "arn:aws:s3:::bkt")
                .with("s3:max-keys", "10")));
        assertEquals(Decision.NONE, numbers.evaluate(new Req(1, "s3:ListBucket", "arn:aws:s3:::bkt")));

        BucketPolicy dates = parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"},"
                        + "\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01\"}}") + "]");
        assertEquals(Decision.ALLOW, dates.evaluate(new Req(1, "s3:GetObject", "arn:aws:s3:::bkt/k")
                .with("aws:currenttime", "2026-12-08T03:00:00Z")));
        assertEquals(Decision.NONE, dates.evaluate(new Req(1, "s3:GetObject", "arn:aws:s3:::bkt/k")
                .with("aws:currenttime", "2031-01-01T00:00:00Z")));
    }

    @Test
    void absentKeysNegationsNullAndIfExists() throws Exception {
        BucketPolicy p = parse("[" + stmt("Deny", "\"*\"", "\"s3:PutObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"StringNotEquals\":{\"s3:x-amz-server-side-encryption\":\"AES256\"}}") + ","
                + stmt("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"StringLikeIfExists\":{\"aws:Referer\":\"http://www.example.com/*\"}}") + ","
                + stmt("Deny", "\"*\"", "\"s3:DeleteObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"Null\":{\"s3:ExistingObjectTag/Keep\":\"false\"}}") + "]");
        String obj = "arn:aws:s3:::bkt/k";
        assertEquals(Decision.DENY, p.evaluate(new Req(1, "s3:PutObject", obj)), "absent key: negation holds");
        assertEquals(Decision.DENY, p.evaluate(new Req(1, "s3:PutObject", obj)
                .with("s3:x-amz-server-side-encryption", "aws:kms")));
        assertEquals(Decision.NONE, p.evaluate(new Req(1, "s3:PutObject", obj)
                .with("s3:x-amz-server-side-encryption", "AES256")));
        assertEquals(Decision.ALLOW, p.evaluate(new Req(1, "s3:GetObject", obj)));
        assertEquals(Decision.ALLOW, p.evaluate(new Req(1, "s3:GetObject", obj)
                .with("aws:referer", "http://www.example.com/a")));
        assertEquals(Decision.NONE, p.evaluate(new Req(1, "s3:GetObject", obj)
                .with("aws:referer", "http://example.com")));
        assertEquals(Decision.DENY, p.evaluate(new Req(1, "s3:DeleteObject", obj)
                .with("s3:existingobjecttag/Keep", "yes")));
        assertEquals(Decision.NONE, p.evaluate(new Req(1, "s3:DeleteObject", obj)
                .with("s3:existingobjecttag/keep", "yes")), "tag keys are case-sensitive");
    }

    @Test
    void setQualifiers() throws Exception {
        BucketPolicy p = parse("[" + stmt("Allow", "\"*\"", "\"s3:PutObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"ForAllValues:StringEquals\":{\"s3:RequestObjectTagKeys\":[\"a\",\"b\"]},"
                        + "\"ForAnyValue:StringEquals\":{\"s3:RequestObjectTagKeys\":\"a\"}}") + "]");
        String obj = "arn:aws:s3:::bkt/k";
        assertEquals(Decision.ALLOW, p.evaluate(new Req(1, "s3:PutObject", obj)
                .with("s3:requestobjecttagkeys", "a", "b")));
        assertEquals(Decision.NONE, p.evaluate(new Req(1, "s3:PutObject", obj)
                .with("s3:requestobjecttagkeys", "a", "c")));
        assertEquals(Decision.NONE, p.evaluate(new Req(1, "s3:PutObject", obj)), "ForAnyValue of nothing");
    }

    @Test
    void wildcardsInResourcesAndActions() throws Exception {
        BucketPolicy p = parse("[" + stmt("Allow", "\"*\"", "[\"s3:List*\",\"S3:getobject\"]",
                "[\"arn:aws:s3:::*\",\"arn:aws:s3:::b?t/docs/*.pdf\"]", null) + "]");
        assertEquals(Decision.ALLOW, p.evaluate(new Req(1, "s3:ListBucketVersions", "arn:aws:s3:::bkt")));
        assertEquals(Decision.ALLOW, p.evaluate(new Req(1, "s3:GetObject", "arn:aws:s3:::bkt/docs/x/y.pdf")));
        assertEquals(Decision.NONE, p.evaluate(new Req(1, "s3:PutObject", "arn:aws:s3:::bkt/docs/y.pdf")));
    }

    @Test
    void publicStatus() throws Exception {
        assertTrue(parse("[" + stmt("Allow", "{\"AWS\":\"*\"}", "\"s3:ListBucket\"", "\"arn:aws:s3:::bkt\"",
                null) + "]").isPublic());
        assertTrue(parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::bkt/*\"",
                "{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}") + "]").isPublic(), "a range that is everyone");
        assertFalse(parse("[" + stmt("Allow", "{\"AWS\":\"arn:aws:iam::s3tenant1:root\"}", "\"s3:ListBucket\"",
                "\"arn:aws:s3:::bkt\"", null) + "]").isPublic());
        assertFalse(parse("[" + stmt("Deny", "\"*\"", "\"s3:*\"", "\"arn:aws:s3:::bkt\"", null) + "]").isPublic());
    }

    @Test
    void malformedPoliciesSayWhy() {
        assertMalformed("first byte", () -> BucketPolicy.parse("[]", "bkt", id -> OptionalLong.empty()));
        assertMalformed("valid JSON", () -> BucketPolicy.parse("{\"Statement\": [", "bkt",
                id -> OptionalLong.empty()));
        assertMalformed("invalid action", () -> parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObjekt\"",
                "\"arn:aws:s3:::bkt/*\"", null) + "]"));
        assertMalformed("invalid action", () -> parse("[" + stmt("Allow", "\"*\"", "\"iam:PassRole\"",
                "\"arn:aws:s3:::bkt/*\"", null) + "]"));
        assertMalformed("invalid resource", () -> parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"",
                "\"arn:aws:s3:::other/*\"", null) + "]"));
        assertMalformed("invalid resource", () -> parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"",
                "\"bkt/*\"", null) + "]"));
        assertMalformed("condition operator", () -> parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"",
                "\"arn:aws:s3:::bkt/*\"", "{\"StringSortOf\":{\"aws:Referer\":\"x\"}}") + "]"));
        assertMalformed("condition key", () -> parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"",
                "\"arn:aws:s3:::bkt/*\"", "{\"StringEquals\":{\"s3:nonsense\":\"x\"}}") + "]"));
        assertMalformed("Invalid value", () -> parse("[" + stmt("Allow", "\"*\"", "\"s3:GetObject\"",
                "\"arn:aws:s3:::bkt/*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"example.com\"}}") + "]"));
        assertMalformed("Invalid principal", () -> parse("[" + stmt("Allow", "{\"AWS\":\"bob\"}",
                "\"s3:GetObject\"", "\"arn:aws:s3:::bkt/*\"", null) + "]"));
        assertMalformed("Missing required field Principal", () -> parse(
                "[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bkt\"}]"));
        assertMalformed("NotPrincipal", () -> parse("[{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bkt\"}]"));
        assertMalformed("unknown field", () -> parse("[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Actions\":"
                + "\"s3:*\",\"Resource\":\"arn:aws:s3:::bkt\"}]"));
        assertMalformed("Invalid effect", () -> parse("[" + stmt("Permit", "\"*\"", "\"s3:GetObject\"",
                "\"arn:aws:s3:::bkt/*\"", null) + "]"));
        assertMalformed("version", () -> BucketPolicy.parse("{\"Version\":\"2020-01-01\",\"Statement\":[]}",
                "bkt", id -> OptionalLong.empty()));
    }

    private static void assertMalformed(String reason, org.junit.jupiter.api.function.Executable parse) {
        MalformedPolicyException e = assertThrows(MalformedPolicyException.class, parse);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void globsMatchLikeIam() {
        assertTrue(new Glob("a*b?c").matches("a/x/yb1c"));
        assertFalse(new Glob("a*b?c").matches("a/x/ybc"));
        assertTrue(new Glob("*").matches(""));
        assertFalse(new Glob("abc").matches("ABC"));
    }
}
