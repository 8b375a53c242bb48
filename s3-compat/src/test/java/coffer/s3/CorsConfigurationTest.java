package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsConfigurationTest {
    private static CorsConfiguration parse(String xml) {
        return CorsConfiguration.parse(new XmlReader(65536).parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void firstMatchingRuleWinsAndRoundTrips() {
        CorsConfiguration c = parse("<CORSConfiguration><CORSRule><AllowedOrigin>https://*.a.com</AllowedOrigin>"
                + "<AllowedMethod>GET</AllowedMethod><AllowedHeader>x-amz-*</AllowedHeader></CORSRule>"
                + "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>"
                + "<MaxAgeSeconds>5</MaxAgeSeconds></CORSRule></CORSConfiguration>");
        assertTrue(c.match("https://x.a.com", "GET", List.of("X-Amz-Date")).isPresent());
        assertFalse(c.match("https://x.a.com", "GET", List.of("authorization")).isPresent());
        assertFalse(c.match("https://x.b.com", "GET", List.of()).isPresent());
        assertEquals("*", c.match("http://z", "PUT", List.of()).orElseThrow().allowOriginValue("http://z"));
        assertEquals(c, parse(c.toXml()));
    }

    @Test
    void invalidConfigurations() {
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> parse(
                "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>"
                        + "</CORSRule></CORSConfiguration>")).error());
        assertEquals(S3ErrorCode.MALFORMED_XML, assertThrows(S3Exception.class,
                () -> parse("<CORSConfiguration></CORSConfiguration>")).error());
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> parse(
                "<CORSConfiguration><CORSRule><AllowedOrigin>*.*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                        + "</CORSRule></CORSConfiguration>")).error());
    }
}
