package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Bucket policies and Block Public Access end to end (docs/policies.md), SDK v2 against a real gateway: the issue's
 * case (a second account reads one prefix and nothing else), explicit deny over an ACL grant, anonymous read through
 * "*", the IpAddress / SecureTransport / s3:prefix conditions, MalformedPolicy with its reason, and the four
 * PublicAccessBlock settings.
 */
class BucketPolicyIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client owner;
    static S3Client alt;
    static String altArn;

    @BeforeAll
    static void start() throws Exception {
        owner = gateway.s3();
        JsonNode created = AdminHttp.of(gateway)
                .post("/v1/accounts", "{\"name\":\"policy-alt\",\"email\":\"alt@policy.example\"}").json();
        alt = gateway.client(created.at("/key/accessKeyId").asText(), created.at("/key/secretKey").asText(),
                false, RequestChecksumCalculation.WHEN_SUPPORTED);
        altArn = String.format(Locale.ROOT, "arn:aws:iam::%012d:root", created.at("/id").asLong());
    }

    @AfterAll
    static void stop() {
        alt.close();
    }

    static String bucket(String name, String... keys) {
        owner.createBucket(b -> b.bucket(name));
        for (String key : keys) {
            owner.putObject(p -> p.bucket(name).key(key), RequestBody.fromString(key));
        }
        return name;
    }

    static void policy(String bucket, String statements) {
        owner.putBucketPolicy(p -> p.bucket(bucket).policy(
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
    }

    static S3Exception fails(int status, Runnable op) {
        S3Exception e = assertThrows(S3Exception.class, op::run);
        assertEquals(status, e.statusCode(), () -> e.getMessage());
        return e;
    }

    static int anonymousGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String get(S3Client client, String bucket, String key) {
        return client.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void aSecondAccountReadsOnePrefixAndNothingElse() throws Exception {
        String b = bucket("pol-prefix", "shared/a", "shared/b", "private/c");
        policy(b, "{\"Sid\":\"read\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + altArn + "\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + b + "/shared/*\"},"
                + "{\"Sid\":\"list\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + altArn + "\"]},"
                + "\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + b + "\","
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":\"shared/*\"}}}");

        assertEquals("shared/a", get(alt, b, "shared/a"));
        assertEquals(2, alt.listObjectsV2(l -> l.bucket(b).prefix("shared/")).contents().size());
        assertEquals("shared/b", alt.listObjects(l -> l.bucket(b).prefix("shared/b")).contents().stream()
                .map(S3Object::key).findFirst().orElseThrow());
        fails(404, () -> alt.headObject(h -> h.bucket(b).key("shared/missing")));

        fails(403, () -> get(alt, b, "private/c"));
        fails(403, () -> alt.headObject(h -> h.bucket(b).key("private/missing")));
        fails(403, () -> alt.listObjectsV2(l -> l.bucket(b)));
        fails(403, () -> alt.listObjectsV2(l -> l.bucket(b).prefix("private/")));
        fails(403, () -> alt.putObject(p -> p.bucket(b).key("shared/new"), RequestBody.fromString("x")));
        fails(403, () -> alt.deleteObject(d -> d.bucket(b).key("shared/a")));
        fails(403, () -> alt.getObjectAcl(a -> a.bucket(b).key("shared/a")));
        fails(403, () -> alt.getBucketPolicy(p -> p.bucket(b)));
        fails(403, () -> alt.putBucketPolicy(p -> p.bucket(b).policy("{}")));
        assertEquals(403, anonymousGet("/" + b + "/shared/a"));
        assertTrue(owner.getBucketPolicy(p -> p.bucket(b)).policy().contains("\"Sid\":\"read\""));
        assertFalse(owner.getBucketPolicyStatus(s -> s.bucket(b)).policyStatus().isPublic());

        owner.deleteBucketPolicy(p -> p.bucket(b));
        fails(403, () -> get(alt, b, "shared/a"));
        assertEquals("NoSuchBucketPolicy", fails(404, () -> owner.getBucketPolicy(p -> p.bucket(b)))
                .awsErrorDetails().errorCode());
    }

    @Test
    void explicitDenyBeatsAnAclGrantAndTheOwner() {
        String b = bucket("pol-deny", "open/a", "secret/a");
        owner.putBucketAcl(a -> a.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
        owner.putObjectAcl(a -> a.bucket(b).key("secret/a").acl(ObjectCannedACL.AUTHENTICATED_READ));
        owner.putObjectAcl(a -> a.bucket(b).key("open/a").acl(ObjectCannedACL.AUTHENTICATED_READ));
        policy(b, "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:DeleteObject\"],"
                + "\"Resource\":\"arn:aws:s3:::" + b + "/secret/*\"}");

        assertEquals("open/a", get(alt, b, "open/a"));
        assertEquals(2, alt.listObjects(l -> l.bucket(b)).contents().size());
        fails(403, () -> get(alt, b, "secret/a"));
        fails(403, () -> get(owner, b, "secret/a"));
        var deleted = owner.deleteObjects(d -> d.bucket(b).delete(x -> x.objects(
                o -> o.key("open/a"), o -> o.key("secret/a"))));
        assertEquals(1, deleted.deleted().size());
        assertEquals("AccessDenied", deleted.errors().get(0).code());
        // The owner can always manage the policy, whatever it denies.
        owner.deleteBucketPolicy(p -> p.bucket(b));
        assertEquals("secret/a", get(owner, b, "secret/a"));
    }

    @Test
    void anonymousReadThroughAStarPolicy() throws Exception {
        String b = bucket("pol-anon", "a.txt");
        assertEquals(403, anonymousGet("/" + b + "/a.txt"));
        policy(b, "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + b + "/*\"}");
        assertEquals(200, anonymousGet("/" + b + "/a.txt"));
        assertEquals(403, anonymousGet("/" + b + "?list-type=2"));
        assertEquals(403, anonymousGet("/" + b + "/a.txt?tagging"));
        assertTrue(owner.getBucketPolicyStatus(s -> s.bucket(b)).policyStatus().isPublic());
    }

    @Test
    void conditionsOnSourceIpTransportAndPrefix() {
        String b = bucket("pol-cond", "k");
        String read = "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + altArn + "\"},\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + b + "/*\"";
        policy(b, "{" + read + ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
        fails(403, () -> get(alt, b, "k"));
        policy(b, "{" + read + ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}}");
        assertEquals("k", get(alt, b, "k"));
        policy(b, "{" + read + ",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}}");
        fails(403, () -> get(alt, b, "k"));

        // Plain HTTP is not secure transport: a deny on it locks out everything but managing the policy.
        policy(b, "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::"
                + b + "\",\"arn:aws:s3:::" + b + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}");
        fails(403, () -> get(owner, b, "k"));
        fails(403, () -> owner.listObjectsV2(l -> l.bucket(b)));
        owner.deleteBucketPolicy(p -> p.bucket(b));

        policy(b, "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + altArn + "\"},\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::" + b + "\",\"Condition\":{\"StringEquals\":{\"s3:prefix\":\"k\"},"
                + "\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}}");
        assertEquals(1, alt.listObjectsV2(l -> l.bucket(b).prefix("k").maxKeys(10)).contents().size());
        fails(403, () -> alt.listObjectsV2(l -> l.bucket(b).prefix("k").maxKeys(11)));
        fails(403, () -> alt.listObjectsV2(l -> l.bucket(b).prefix("j").maxKeys(5)));
    }

    @Test
    void malformedPoliciesAreRefusedWithTheirReason() {
        String b = bucket("pol-bad");
        String ok = "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"";
        malformed(b, "{\"Statement\": [", "valid JSON");
        malformed(b, "{\"Statement\":[{" + ok + ",\"Action\":\"s3:GetObjekt\"}]}", "invalid action");
        malformed(b, "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::someone-else/*\"}]}", "invalid resource");
        malformed(b, "{\"Statement\":[{" + ok + ",\"Action\":\"s3:GetObject\",\"Condition\":"
                + "{\"StringAlmost\":{\"aws:Referer\":\"x\"}}}]}", "condition operator");
        malformed(b, "{\"Statement\":[{" + ok + ",\"Action\":\"s3:GetObject\",\"Sid\":\"" + "x".repeat(21_000)
                + "\"}]}", "maximum allowed document size");
        fails(404, () -> owner.getBucketPolicy(p -> p.bucket(b)));
    }

    static void malformed(String bucket, String policy, String reason) {
        S3Exception e = fails(400, () -> owner.putBucketPolicy(p -> p.bucket(bucket).policy(policy)));
        assertEquals("MalformedPolicy", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains(reason), e.awsErrorDetails().errorMessage());
    }

    @Test
    void publicAccessBlockRefusesAndIgnoresPublicAccess() throws Exception {
        String b = bucket("pol-pab", "public.txt");
        owner.putObjectAcl(a -> a.bucket(b).key("public.txt").acl(ObjectCannedACL.PUBLIC_READ));
        assertEquals(200, anonymousGet("/" + b + "/public.txt"));
        assertEquals("NoSuchPublicAccessBlockConfiguration",
                fails(404, () -> owner.getPublicAccessBlock(g -> g.bucket(b))).awsErrorDetails().errorCode());

        block(b, c -> c.blockPublicAcls(true).blockPublicPolicy(true));
        PublicAccessBlockConfiguration read = owner.getPublicAccessBlock(g -> g.bucket(b))
                .publicAccessBlockConfiguration();
        assertTrue(read.blockPublicAcls() && read.blockPublicPolicy());
        assertFalse(read.ignorePublicAcls() || read.restrictPublicBuckets());
        String publicPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}";
        fails(403, () -> owner.putBucketPolicy(p -> p.bucket(b).policy(publicPolicy)));
        fails(403, () -> owner.putBucketAcl(a -> a.bucket(b).acl(BucketCannedACL.PUBLIC_READ)));
        fails(403, () -> owner.putObject(p -> p.bucket(b).key("x").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("x")));
        owner.putObject(p -> p.bucket(b).key("x").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("x"));
        assertEquals(200, anonymousGet("/" + b + "/public.txt"), "blocking new public ACLs keeps the old ones");

        block(b, c -> c.ignorePublicAcls(true));
        assertEquals(403, anonymousGet("/" + b + "/public.txt"));
        assertFalse(owner.getBucketPolicyStatus(s -> s.bucket(b)).policyStatus().isPublic());

        block(b, c -> c.restrictPublicBuckets(true));
        owner.putBucketPolicy(p -> p.bucket(b).policy(publicPolicy));
        assertEquals(403, anonymousGet("/" + b + "/x"));
        fails(403, () -> get(alt, b, "x"));
        assertEquals("x", get(owner, b, "x"));

        owner.deletePublicAccessBlock(d -> d.bucket(b));
        assertEquals(200, anonymousGet("/" + b + "/x"));
        fails(404, () -> owner.getPublicAccessBlock(g -> g.bucket(b)));
    }

    static void block(String bucket, Consumer<PublicAccessBlockConfiguration.Builder> settings) {
        owner.putPublicAccessBlock(p -> p.bucket(bucket).publicAccessBlockConfiguration(settings));
    }
}
