package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    private static String query(String raw, boolean plusAsSpace) {
        return CanonicalRequest.canonicalQuery(coffer.s3.http.QueryParams.parse(raw), Set.of("X-Amz-Signature"), plusAsSpace);
    }

    @Test
    void queryIsDecodedReEncodedAndSorted() {
        assertEquals("a=&b=1&b=2&prefix=J", query("prefix=J&b=2&a&b=1", true));
        assertEquals("key=a%20b%2Fc~d", query("key=a%20b/c%7Ed", true));
        assertEquals("k=%C3%A9%2A", query("k=%c3%a9*", true));
        assertEquals("", query("", true));
        assertEquals("x=1", query("x=1&X-Amz-Signature=abc", true));
    }

    @Test
    void plusIsReadEitherWay() {
        assertEquals("p=a%20b", query("p=a+b", true));
        assertEquals("p=a%2Bb", query("p=a+b", false));
        assertEquals("p=a%2Bb", query("p=a%2Bb", true));
    }

    @Test
    void headersAreTrimmedFoldedAndJoined() {
        FakeRequest request = FakeRequest.of("GET", "/", "")
                .header("My-Header", "  a   b \t c  ")
                .header("Multi", "one")
                .header("multi", "two");
        assertEquals("my-header:a b c\nmulti:one,two\nabsent:\n",
                CanonicalRequest.canonicalHeaders(request, List.of("my-header", "multi", "absent")));
    }

    @Test
    void uriEncodingRules() {
        assertEquals("AZaz09-_.~%20%2F%2B%3D", coffer.s3.http.PercentCodec.encode("AZaz09-_.~ /+=".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/test%24file.text", coffer.s3.http.PercentCodec.normalizePath("/test$file.text"));
        assertEquals("/a%2Fb/%C3%A9%20", coffer.s3.http.PercentCodec.normalizePath("/a%2fb/é "));
        assertEquals("100%", new String(coffer.s3.http.PercentCodec.decodeBytes("100%", true), StandardCharsets.UTF_8));
    }
}
