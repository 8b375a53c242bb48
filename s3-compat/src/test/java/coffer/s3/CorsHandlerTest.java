package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bucket CORS configuration and the preflight it answers, against the in-memory engine. */
class CorsHandlerTest {
    private static final String CONFIG = "<CORSConfiguration><CORSRule>"
            + "<AllowedOrigin>https://app.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
            + "<AllowedMethod>PUT</AllowedMethod><MaxAgeSeconds>600</MaxAgeSeconds>"
            + "</CORSRule></CORSConfiguration>";

    private final HandlerFixture f = new HandlerFixture();

    @BeforeEach
    void configure() {
        f.bucket("site");
        assertEquals(200, f.cors.putBucketCors(f.request("PUT", "/site?cors").body(CONFIG).contentMd5().context())
                .status());
    }

    @Test
    void theConfigurationIsKeptAndDeleted() {
        String xml = text(f.cors.getBucketCors(f.request("GET", "/site?cors").context()));
        assertTrue(xml.contains("<AllowedOrigin>https://app.example</AllowedOrigin>"), xml);
        assertEquals(204, f.cors.deleteBucketCors(f.request("DELETE", "/site?cors").context()).status());
        assertEquals(S3ErrorCode.NO_SUCH_CORS_CONFIGURATION, assertThrows(S3Exception.class,
                () -> f.cors.getBucketCors(f.request("GET", "/site?cors").context())).error());
    }

    @Test
    void aPreflightIsAnsweredFromTheMatchingRuleOnly() {
        S3Response allowed = f.cors.preflight(f.request("OPTIONS", "/site/page.html").anonymous()
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "PUT").context());
        assertEquals(200, allowed.status());
        assertEquals("https://app.example", allowed.firstHeader("Access-Control-Allow-Origin"));
        assertEquals("600", allowed.firstHeader("Access-Control-Max-Age"));
        assertEquals(S3ErrorCode.CORS_NOT_ALLOWED, assertThrows(S3Exception.class, () -> f.cors.preflight(
                f.request("OPTIONS", "/site/page.html").anonymous().header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "GET").context())).error());
    }

    @Test
    void anActualRequestMatchesTheMethodAnAccessControlRequestMethodNames() {
        S3Response plain = S3Response.status(403);
        f.cors.decorate(f.request("DELETE", "/site/x").header("Origin", "https://app.example").context().request(),
                "site", plain);
        assertEquals(null, plain.firstHeader("Access-Control-Allow-Origin"), "DELETE is not allowed");
        S3Response asked = S3Response.status(403);
        f.cors.decorate(f.request("DELETE", "/site/x").header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET").context().request(), "site", asked);
        assertEquals("https://app.example", asked.firstHeader("Access-Control-Allow-Origin"));
        assertEquals("GET, PUT", asked.firstHeader("Access-Control-Allow-Methods"));
    }
}
