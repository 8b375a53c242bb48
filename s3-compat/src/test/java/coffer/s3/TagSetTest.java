package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagSetTest {
    private static TagSet xml(String doc) {
        return TagSet.fromXml(new XmlReader(1 << 20).parse(
                new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
    }

    private static S3ErrorCode code(Runnable r) {
        return assertThrows(S3Exception.class, r::run).error();
    }

    @Test
    void headerIsUrlEncodedPairs() {
        TagSet t = TagSet.fromHeader("project=blue%20sky&empty=&a%26b=c%3Dd&plus=x+y&bare");
        assertEquals(Map.of("project", "blue sky", "empty", "", "a&b", "c=d", "plus", "x y", "bare", ""), t.tags());
        assertTrue(TagSet.fromHeader(null).tags().isEmpty());
        assertTrue(TagSet.fromHeader("").tags().isEmpty());
    }

    @Test
    void xmlRoundTripsSortedByKey() {
        TagSet t = xml("<Tagging><TagSet><Tag><Key>z</Key><Value>1</Value></Tag>"
                + "<Tag><Key>ä k</Key><Value></Value></Tag><Tag><Key>a</Key><Value>é</Value></Tag></TagSet></Tagging>");
        assertEquals(List.of("a", "z", "ä k"), List.copyOf(t.tags().keySet()));
        assertEquals(t, xml(t.toXml()));
        assertEquals(TagSet.EMPTY, xml("<Tagging><TagSet/></Tagging>"));
    }

    @Test
    void limitsAreInvalidTag() {
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("k" + i, "v");
        }
        assertEquals(S3ErrorCode.INVALID_TAG, code(() -> new TagSet(eleven)));
        eleven.remove("k10");
        assertEquals(10, new TagSet(eleven).size());
        // 128 characters counted as code points: a key of 128 surrogate pairs is fine, 129 is not.
        assertEquals(128, new TagSet(Map.of("𝄞".repeat(128), "v")).tags().keySet().iterator().next()
                .codePointCount(0, 256));
        assertEquals(S3ErrorCode.INVALID_TAG, code(() -> new TagSet(Map.of("k".repeat(129), "v"))));
        assertEquals(S3ErrorCode.INVALID_TAG, code(() -> new TagSet(Map.of("k", "v".repeat(257)))));
        new TagSet(Map.of("k", "v".repeat(256)));
        assertEquals(S3ErrorCode.INVALID_TAG, code(() -> new TagSet(Map.of("", "v"))));
        assertEquals(S3ErrorCode.INVALID_TAG, code(() -> TagSet.fromHeader("a=1&a=2")));
        assertEquals(S3ErrorCode.INVALID_TAG, code(() -> xml("<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value>"
                + "</Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>")));
    }

    @Test
    void brokenDocumentsAreMalformedXml() {
        assertEquals(S3ErrorCode.MALFORMED_XML, code(() -> xml("<Other/>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, code(() -> xml("<Tagging/>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, code(() -> xml("<Tagging><TagSet><Tag><Value>1</Value></Tag>"
                + "</TagSet></Tagging>")));
    }
}
