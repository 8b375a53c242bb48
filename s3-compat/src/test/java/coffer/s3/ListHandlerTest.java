package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListObjects (V1 and V2) against the in-memory engine: the XML a client pages through. */
class ListHandlerTest {
    private final HandlerFixture f = new HandlerFixture();

    @BeforeEach
    void storeKeys() {
        f.bucket("tree");
        for (String key : List.of("a.txt", "dir/one", "dir/two", "dir/sub/three", "z.txt")) {
            f.writes.putObject(f.request("PUT", "/tree/" + key).body(key).context());
        }
    }

    private static List<String> all(String xml, String element) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void aDelimiterRollsKeysUpIntoCommonPrefixes() {
        String xml = text(f.lists.listObjectsV2(f.request("GET", "/tree?list-type=2&delimiter=%2F").context()));
        assertEquals(List.of("a.txt", "z.txt"), all(xml, "Key"));
        assertEquals(List.of("dir/"), all(xml, "Prefix").stream().filter(p -> !p.isEmpty()).toList());
        assertEquals(List.of("3"), all(xml, "KeyCount"));
        assertEquals(List.of("false"), all(xml, "IsTruncated"));
    }

    @Test
    void v2PagesThroughEveryKeyWithContinuationTokens() {
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String query = "/tree?list-type=2&max-keys=2" + (token == null ? "" : "&continuation-token=" + token);
            String xml = text(f.lists.listObjectsV2(f.request("GET", query).context()));
            keys.addAll(all(xml, "Key"));
            List<String> next = all(xml, "NextContinuationToken");
            token = next.isEmpty() ? null : java.net.URLEncoder.encode(next.get(0),
                    java.nio.charset.StandardCharsets.UTF_8);
            pages++;
        } while (token != null);
        assertEquals(List.of("a.txt", "dir/one", "dir/sub/three", "dir/two", "z.txt"), keys);
        assertEquals(3, pages);
    }

    @Test
    void v1HonoursPrefixAndMarker() {
        String xml = text(f.lists.listObjects(f.request("GET", "/tree?prefix=dir%2F&marker=dir%2Fone").context()));
        assertEquals(List.of("dir/sub/three", "dir/two"), all(xml, "Key"));
        assertTrue(xml.contains("<Marker>dir/one</Marker>"), xml);
        assertFalse(xml.contains("<NextMarker>"), xml);
    }
}
