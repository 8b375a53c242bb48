package coffer.s3.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlTest {
    private final XmlReader reader = new XmlReader(1024);

    private XmlElement parse(String s) {
        return reader.parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writerEscapesAndReaderReadsBack() {
        String doc = new XmlWriter().root("R").element("Key", "a<b>&\"c'").empty("E").end().toString();
        assertTrue(doc.contains("<Key>a&lt;b&gt;&amp;&quot;c&apos;</Key>"), doc);
        XmlElement root = parse(doc);
        assertEquals("R", root.name());
        assertEquals("a<b>&\"c'", root.childText("Key").orElseThrow());
    }

    @Test
    void emptyBodyIsNoDocument() {
        assertNull(parse(""));
    }

    @Test
    void malformedOversizedAndDtdDocumentsAreRefused() {
        assertEquals(S3ErrorCode.MALFORMED_XML, assertThrows(S3Exception.class, () -> parse("<a><b></a>")).error());
        assertEquals(S3ErrorCode.MALFORMED_XML,
                assertThrows(S3Exception.class, () -> parse("<a>" + "x".repeat(2000) + "</a>")).error());
        assertEquals(S3ErrorCode.MALFORMED_XML, assertThrows(S3Exception.class, () -> parse(
                "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")).error());
    }

    @Test
    void nestingPastTheDepthBoundIsMalformedAndUpToItIsFine() {
        XmlReader big = new XmlReader(1024 * 1024);
        String ok = "<a>".repeat(XmlReader.MAX_DEPTH) + "</a>".repeat(XmlReader.MAX_DEPTH);
        assertEquals("a", big.parse(new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8))).name());
        String deep = "<a>".repeat(XmlReader.MAX_DEPTH + 1) + "</a>".repeat(XmlReader.MAX_DEPTH + 1);
        assertEquals(S3ErrorCode.MALFORMED_XML, assertThrows(S3Exception.class,
                () -> big.parse(new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)))).error());
    }

    @Test
    void internalEntityExpansionIsRefused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<r>&b;&b;&b;</r>";
        assertEquals(S3ErrorCode.MALFORMED_XML, assertThrows(S3Exception.class, () -> parse(bomb)).error());
    }

    @Test
    void aClientThatStopsSendingIsItsOwnErrorNotAnInternalOne() {
        java.io.InputStream failing = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new coffer.s3.error.ClientBodyException(S3ErrorCode.REQUEST_TIMEOUT, null);
            }
        };
        assertEquals(S3ErrorCode.REQUEST_TIMEOUT, assertThrows(S3Exception.class, () -> reader.parse(failing)).error());
    }
}
