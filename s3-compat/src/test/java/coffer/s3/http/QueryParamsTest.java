package coffer.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one query parser: raw pairs for signatures and decoded parameters for everyone else, from one parse. */
class QueryParamsTest {

    @Test
    void keepsThePairsAsSentAndTheirDecodedForm() {
        QueryParams q = QueryParams.parse("uploads&prefix=a+b%2Bc&&X-Amz-Date=20130524T000000Z");
        assertEquals(List.of(new QueryParams.Pair("uploads", "", "uploads", ""),
                new QueryParams.Pair("prefix", "a+b%2Bc", "prefix", "a b+c"),
                new QueryParams.Pair("X-Amz-Date", "20130524T000000Z", "X-Amz-Date", "20130524T000000Z")), q.pairs());
        assertTrue(q.has("uploads"));
        assertEquals("a b+c", q.get("prefix"));
        assertEquals("20130524T000000Z", q.first("X-Amz-Date").orElseThrow());
        assertTrue(q.hasRawPlus());
        assertFalse(QueryParams.parse("a=%20").hasRawPlus());
    }

    @Test
    void aBrokenEscapeIsInvalidUri() {
        assertEquals(S3ErrorCode.INVALID_URI, assertThrows(S3Exception.class, () -> QueryParams.parse("a=%zz")).error());
        assertEquals(S3ErrorCode.INVALID_URI, assertThrows(S3Exception.class, () -> QueryParams.parse("a=%C3")).error());
    }

    @Test
    void theFirstOfARepeatedParameterCounts() {
        assertEquals("1", QueryParams.parse("x=1&x=2").get("x"));
    }
}
