package coffer.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderBytesTest {
    private static String asJettyReadsIt(byte[] wire) {
        return new String(wire, StandardCharsets.ISO_8859_1);
    }

    @Test
    void utf8BytesBecomeTheirCharactersAndGoBackAsTheSameBytes() {
        byte[] wire = "Hello Worldé 日本".getBytes(StandardCharsets.UTF_8);
        String value = HeaderBytes.fromWire(asJettyReadsIt(wire));
        assertEquals("Hello Worldé 日本", value);
        assertEquals(asJettyReadsIt(wire), HeaderBytes.toWire(value));
    }

    @Test
    void latin1BytesThatAreNotUtf8StayAsTheyCame() {
        String latin1 = asJettyReadsIt("Grüezi é".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Grüezi é", HeaderBytes.fromWire(latin1));
        assertEquals("plain", HeaderBytes.fromWire("plain"));
        assertEquals("plain", HeaderBytes.toWire("plain"));
    }
}
