package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/** Bucket CORS (rules, preflight, headers on actual requests) and canned bucket ACLs (see also AclIT). */
class CorsAndAclIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("cors"));
        s3.putObject(b -> b.bucket("cors").key("page.html"), RequestBody.fromString("<p>hi</p>"));
    }

    @Test
    void corsRulesRoundTripAndAnswerPreflights() throws Exception {
        S3Exception none = assertThrows(S3Exception.class, () -> s3.getBucketCors(b -> b.bucket("cors")));
        assertEquals("NoSuchCORSConfiguration", none.awsErrorDetails().errorCode());
        assertEquals(404, none.statusCode());
        assertEquals(403, preflight("https://app.example.com", "GET", null).statusCode(), "no rules yet");

        s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("https://*.example.com").allowedMethods("GET", "PUT")
                        .allowedHeaders("x-amz-*", "content-type").exposeHeaders("ETag").maxAgeSeconds(600).build(),
                CORSRule.builder().allowedOrigins("*").allowedMethods("HEAD").build())));
        List<CORSRule> rules = s3.getBucketCors(b -> b.bucket("cors")).corsRules();
        assertEquals(2, rules.size());
        assertEquals(List.of("https://*.example.com"), rules.get(0).allowedOrigins());
        assertEquals(600, rules.get(0).maxAgeSeconds());

        HttpResponse<String> ok = preflight("https://app.example.com", "PUT", "Content-Type, x-amz-meta-a");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("https://app.example.com", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(ok.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PUT"));
        assertEquals("Content-Type, x-amz-meta-a", ok.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
        assertEquals("600", ok.headers().firstValue("Access-Control-Max-Age").orElse(""));

        HttpResponse<String> wildcard = preflight("http://anything.test", "HEAD", null);
        assertEquals(200, wildcard.statusCode());
        assertEquals("*", wildcard.headers().firstValue("Access-Control-Allow-Origin").orElse(""));

        HttpResponse<String> denied = preflight("https://evil.test", "DELETE", null);
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("<Code>AccessForbidden</Code>"), denied.body());
        HttpResponse<String> badHeader = preflight("https://app.example.com", "GET", "x-secret");
        assertEquals(403, badHeader.statusCode());

        s3.deleteBucketCors(b -> b.bucket("cors"));
        assertEquals(404, assertThrows(S3Exception.class, () -> s3.getBucketCors(b -> b.bucket("cors"))).statusCode());
    }

    @Test
    void actualRequestsWithAnOriginGetCorsHeaders() throws Exception {
        s3.createBucket(b -> b.bucket("cors-actual"));
        s3.putObject(b -> b.bucket("cors-actual").key("k"), RequestBody.fromString("v"));
        s3.putBucketCors(b -> b.bucket("cors-actual").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("https://site.test").allowedMethods("GET").build())));
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        var signed = raw.sign(software.amazon.awssdk.http.SdkHttpMethod.GET, "/cors-actual/k", null,
                java.util.Map.of("Origin", "https://site.test"), null, java.time.Clock.systemUTC());
        RawS3.Result r = RawS3.send(signed, null);
        assertEquals(200, r.status());
        assertEquals(List.of("https://site.test"), r.headers().get("access-control-allow-origin"));
        var other = raw.sign(software.amazon.awssdk.http.SdkHttpMethod.GET, "/cors-actual/k", null,
                java.util.Map.of("Origin", "https://other.test"), null, java.time.Clock.systemUTC());
        assertFalse(RawS3.send(other, null).headers().containsKey("access-control-allow-origin"));
    }

    @Test
    void preflightNeedsOriginAndMethod() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/cors/page.html"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Code>BadRequest</Code>"), r.body());
    }

    @Test
    void cannedBucketAcls() {
        s3.createBucket(b -> b.bucket("acl-public").acl(BucketCannedACL.PUBLIC_READ));
        var acl = s3.getBucketAcl(b -> b.bucket("acl-public"));
        assertEquals(2, acl.grants().size());
        assertTrue(acl.grants().stream().anyMatch(g -> g.grantee().type() == Type.GROUP
                && g.grantee().uri().endsWith("/global/AllUsers") && g.permission() == Permission.READ));
        s3.putBucketAcl(b -> b.bucket("acl-public").acl(BucketCannedACL.PRIVATE));
        var now = s3.getBucketAcl(b -> b.bucket("acl-public"));
        assertEquals(1, now.grants().size());
        assertEquals(Permission.FULL_CONTROL, now.grants().get(0).permission());
        assertEquals(now.owner().id(), now.grants().get(0).grantee().id());

        s3.putBucketAcl(b -> b.bucket("acl-public").acl(BucketCannedACL.PUBLIC_READ_WRITE));
        assertEquals(3, s3.getBucketAcl(b -> b.bucket("acl-public")).grants().size());
        // An AccessControlPolicy document replaces the whole list.
        s3.putBucketAcl(b -> b.bucket("acl-public").accessControlPolicy(p -> p.owner(now.owner())
                .grants(now.grants())));
        assertEquals(1, s3.getBucketAcl(b -> b.bucket("acl-public")).grants().size());
    }

    private static HttpResponse<String> preflight(String origin, String method, String headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/cors/page.html"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
