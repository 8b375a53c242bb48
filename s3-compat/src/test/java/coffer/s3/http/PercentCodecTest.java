package coffer.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PercentCodecTest {
    @Test
    void listingEncodingIsReversibleByFormDecoding() {
        for (String key : new String[] {"a b", "a+b", "x/y z", "é😀", "100%", "a&b=c", "<x>", "tab\tend", "~.-_"}) {
            String encoded = PercentCodec.encodeForListing(key);
            assertEquals(key, PercentCodec.decode(encoded, true), encoded);
            assertEquals(key, java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8), encoded);
        }
        assertEquals("a%20b%2Bc/d", PercentCodec.encodeForListing("a b+c/d"));
    }

    @Test
    void queryAndPathDecodingDifferOnPlus() {
        assertEquals("a b", PercentCodec.decode("a+b", true));
        assertEquals("a+b", PercentCodec.decode("a+b", false));
        assertEquals("a+b", PercentCodec.decode("a%2Bb", true));
    }
}
