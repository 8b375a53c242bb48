package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyBytesTest {

    @Test
    void successorIncrementsTheLastByteWithCarry() {
        assertArrayEquals(new byte[] {'a', '0'}, KeyBytes.successor(new byte[] {'a', '/'}));
        assertArrayEquals(new byte[] {'b'}, KeyBytes.successor(new byte[] {'a', (byte) 0xFF, (byte) 0xFF}));
        assertArrayEquals(new byte[] {(byte) 0x80}, KeyBytes.successor(new byte[] {(byte) 0x7F}));
        assertNull(KeyBytes.successor(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        assertNull(KeyBytes.successor(new byte[0]));
    }

    @Test
    void successorIsAboveEveryKeyUnderThePrefix() {
        byte[] p = KeyBytes.utf8("é/");
        byte[] s = KeyBytes.successor(p);
        for (String k : new String[] {"é/", "é/x", "é/\uFFFF", "é/𝄞𝄞"}) {
            assertTrue(KeyBytes.compare(KeyBytes.utf8(k), s) < 0, k);
        }
        assertTrue(KeyBytes.compare(KeyBytes.utf8("é0"), s) >= 0);
    }

    @Test
    void compareIsUnsignedByteOrderNotUtf16Order() {
        assertTrue("\uFFFD".compareTo("𝄞") > 0, "UTF-16 puts U+FFFD after a surrogate pair");
        assertTrue(KeyBytes.compare(KeyBytes.utf8("\uFFFD"), KeyBytes.utf8("𝄞")) < 0);
        assertTrue(KeyBytes.compare(KeyBytes.utf8("z"), KeyBytes.utf8("é")) < 0);
        assertTrue(KeyBytes.compare(KeyBytes.utf8("a"), KeyBytes.utf8("a/")) < 0);
    }

    @Test
    void rollUpTakesThroughTheFirstDelimiterAfterThePrefix() {
        byte[] slash = KeyBytes.utf8("/");
        assertEquals("a/", KeyBytes.string(KeyBytes.rollUp(KeyBytes.utf8("a/b/c"), new byte[0], slash)));
        assertEquals("a/b/", KeyBytes.string(KeyBytes.rollUp(KeyBytes.utf8("a/b/c"), KeyBytes.utf8("a/"), slash)));
        assertNull(KeyBytes.rollUp(KeyBytes.utf8("a/b"), KeyBytes.utf8("a/"), slash));
        assertNull(KeyBytes.rollUp(KeyBytes.utf8("b/c"), KeyBytes.utf8("a"), slash));
        assertNull(KeyBytes.rollUp(KeyBytes.utf8("a/b"), new byte[0], null));
        assertEquals("x-y", KeyBytes.string(KeyBytes.rollUp(KeyBytes.utf8("x-y-z"), KeyBytes.utf8("x"),
                KeyBytes.utf8("-y"))));
    }
}
