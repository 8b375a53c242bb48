package coffer.s3.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesThePolicyGrammar() throws Exception {
        Object parsed = Json.parse(" {\"expiration\": \"2030-01-01T00:00:00.000Z\",\r\n \"conditions\": ["
                + "{\"bucket\": \"b\"}, [\"content-length-range\", 1, 1048576], [\"eq\", \"$k\", \"a\\u00e9\\n\\\"\"],"
                + " true, false, null, -1.5e3, []]} ");
        Map<?, ?> root = (Map<?, ?>) parsed;
        assertEquals("2030-01-01T00:00:00.000Z", root.get("expiration"));
        List<?> conditions = (List<?>) root.get("conditions");
        assertEquals(Map.of("bucket", "b"), conditions.get(0));
        assertEquals(List.of("content-length-range", new BigDecimal("1"), new BigDecimal("1048576")),
                conditions.get(1));
        assertEquals(List.of("eq", "$k", "a\u00e9\n\""), conditions.get(2));
        assertEquals(Boolean.TRUE, conditions.get(3));
        assertEquals(Boolean.FALSE, conditions.get(4));
        assertSame(Json.NULL, conditions.get(5));
        assertEquals(0, new BigDecimal("-1500").compareTo((BigDecimal) conditions.get(6)));
        assertEquals(List.of(), conditions.get(7));
    }

    @Test
    void malformedDocumentsAreRefused() {
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"open", "{\"a\":1} x",
                "nul", "{'a':1}", "\"\\x\"", "\"\\u12\"", "\"tab\there\"", "[".repeat(100) + "]".repeat(100)}) {
            assertThrows(Json.MalformedJsonException.class, () -> Json.parse(bad), bad);
        }
    }
}
