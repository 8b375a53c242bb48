package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ListParts and ListMultipartUploads against the in-memory engine: pages, markers, prefixes, encoding. */
class MultipartListHandlerTest {
    private final HandlerFixture f = new HandlerFixture();

    MultipartListHandlerTest() {
        f.bucket("big");
    }

    private static List<String> all(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String one(String xml, String name) {
        List<String> found = all(xml, name);
        assertEquals(1, found.size(), name + " in " + xml);
        return found.get(0);
    }

    private String create(String key) {
        return one(text(f.multipart.createMultipartUpload(f.request("POST", "/big/" + key + "?uploads").context())),
                "UploadId");
    }

    private void part(String key, String upload, int n) {
        f.multipart.uploadPart(f.request("PUT", "/big/" + key + "?partNumber=" + n + "&uploadId=" + upload)
                .body(("part " + n).getBytes(StandardCharsets.UTF_8)).context());
    }

    private String listParts(String key, String upload, String more) {
        return text(f.multipartLists.listParts(f.request("GET", "/big/" + key + "?uploadId=" + upload + more)
                .context()));
    }

    private String listUploads(String query) {
        return text(f.multipartLists.listMultipartUploads(f.request("GET", "/big?uploads" + query).context()));
    }

    @Test
    void listPartsPagesByMaxPartsAndPartNumberMarker() {
        String upload = create("paged");
        for (int n : new int[] {1, 2, 4, 7, 9}) {
            part("paged", upload, n);
        }
        String first = listParts("paged", upload, "&max-parts=2");
        assertEquals(List.of("1", "2"), all(first, "PartNumber"));
        assertEquals("0", one(first, "PartNumberMarker"));
        assertEquals("2", one(first, "NextPartNumberMarker"));
        assertEquals("2", one(first, "MaxParts"));
        assertEquals("true", one(first, "IsTruncated"));
        assertEquals(List.of("6", "6"), all(first, "Size"), "\"part 1\" and \"part 2\"");
        assertEquals(upload, one(first, "UploadId"));
        assertEquals("paged", one(first, "Key"));
        assertTrue(first.contains("<Initiator><ID>" + MemoryAccounts.canonicalIdOf(1) + "</ID>"), first);

        String second = listParts("paged", upload, "&max-parts=2&part-number-marker=2");
        assertEquals(List.of("4", "7"), all(second, "PartNumber"));
        assertEquals("2", one(second, "PartNumberMarker"));
        assertEquals("7", one(second, "NextPartNumberMarker"));

        String last = listParts("paged", upload, "&max-parts=2&part-number-marker=7");
        assertEquals(List.of("9"), all(last, "PartNumber"));
        assertEquals("false", one(last, "IsTruncated"));
        assertEquals("1000", one(listParts("paged", upload, ""), "MaxParts"));
    }

    @Test
    void listPartsOfAnUnknownUploadIsNoSuchUpload() {
        create("known");
        StoreException e = assertThrows(StoreException.class, () -> listParts("known", "no-such-upload", ""));
        assertEquals(StoreException.Reason.NO_SUCH_UPLOAD, e.reason());
    }

    @Test
    void listMultipartUploadsPagesByKeyAndUploadIdMarkers() {
        String a1 = create("a");
        String a2 = create("a");
        String b = create("b");
        String c = create("c");
        List<String> aIds = a1.compareTo(a2) < 0 ? List.of(a1, a2) : List.of(a2, a1);

        String first = listUploads("&max-uploads=2");
        assertEquals(List.of("a", "a"), all(first, "Key"));
        assertEquals("true", one(first, "IsTruncated"));
        assertEquals("2", one(first, "MaxUploads"));
        assertEquals("a", one(first, "NextKeyMarker"));
        String nextId = one(first, "NextUploadIdMarker");

        String second = listUploads("&max-uploads=2&key-marker=a&upload-id-marker=" + nextId);
        assertEquals(List.of("b", "c"), all(second, "Key"));
        assertEquals(List.of(b, c), all(second, "UploadId"));
        assertEquals("a", one(second, "KeyMarker"));
        assertEquals(nextId, one(second, "UploadIdMarker"));
        assertEquals("false", one(second, "IsTruncated"));
        assertFalse(second.contains("<NextKeyMarker>"), second);
        assertEquals(aIds, all(listUploads("&max-uploads=10"), "UploadId").subList(0, 2),
                "uploads of one key come in upload id order");

        String afterA = listUploads("&key-marker=a");
        assertEquals(List.of("b", "c"), all(afterA, "Key"), "a key marker alone skips every upload of that key");
        assertEquals("", one(afterA, "UploadIdMarker"));
    }

    @Test
    void listMultipartUploadsRollsUpUnderThePrefixAndEncodesKeysOnRequest() {
        create("logs/2026/jan.gz");
        create("logs/2026/feb.gz");
        create("logs/today.gz");
        create("other.bin");

        String xml = listUploads("&prefix=logs%2F&delimiter=%2F");
        assertEquals(List.of("logs/today.gz"), all(xml, "Key"));
        assertEquals(List.of("logs/", "logs/2026/"), all(xml, "Prefix"), "the Prefix echo, then the common one");
        assertEquals("/", one(xml, "Delimiter"));

        create("space%20key%2Bplus");
        String encoded = listUploads("&prefix=space&encoding-type=url");
        assertEquals(List.of("space%20key%2Bplus"), all(encoded, "Key"));
        assertEquals("url", one(encoded, "EncodingType"));
    }
}
