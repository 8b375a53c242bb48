package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserMetadataCodecTest {

    @Test
    void roundTripsArbitraryStringsAsAscii() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a", "");
        m.put("mtime", "1700000000.123456789");
        m.put("odd=name&x", "%41 é 𝄞 \n\t\"<>&=");
        String encoded = UserMetadataCodec.encode(m);
        assertTrue(encoded.chars().allMatch(c -> c > 0x20 && c < 0x7F), encoded);
        assertEquals("a=&mtime=1700000000.123456789&odd%3Dname%26x=%2541%20%C3%A9%20%F0%9D%84%9E%20%0A%09%22%3C%3E%26%3D",
                encoded);
        assertEquals(m, UserMetadataCodec.decode(encoded));
    }

    @Test
    void emptyIsNull() {
        assertNull(UserMetadataCodec.encode(Map.of()));
        assertEquals(Map.of(), UserMetadataCodec.decode(null));
    }

    @Test
    void malformedColumnsAreRejected() {
        assertThrows(IllegalStateException.class, () -> UserMetadataCodec.decode("novalue"));
        assertThrows(IllegalStateException.class, () -> UserMetadataCodec.decode("a=%4"));
        assertThrows(IllegalStateException.class, () -> UserMetadataCodec.decode("a=%zz"));
    }
}
