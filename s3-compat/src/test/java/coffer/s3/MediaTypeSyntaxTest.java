package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypeSyntaxTest {

    @Test
    void mediaTypesAsClientsSendThem() {
        for (String valid : new String[] {"text/plain", "image/jpeg", "binary/octet-stream",
            "text/plain; charset=utf-8", "text/plain;charset=UTF-8", "multipart/mixed; boundary=\"a b;c\"",
            "application/vnd.api+json", "text/plain ; a=1 ; b=2", "text/plain;", "text/html; q=\"x\\\"y\""}) {
            assertTrue(MediaTypeSyntax.isValid(valid), valid);
        }
    }

    /** Each of these was stored by a POST form and made every later GET of the object a 500 (issue 10, item 9). */
    @Test
    void whatTheHttpLayerCannotParseIsRefused() {
        for (String invalid : new String[] {"no-slash", "text/", "/plain", "text/pla in", "text/plain; charset",
            "text/plain;;=x", "text/plain; a=\"unterminated", "text/plain; =x", "text/plain, text/html",
            "text/pl\u00e4in", "text/plain; a=b c", "te(xt)/plain"}) {
            assertFalse(MediaTypeSyntax.isValid(invalid), invalid);
        }
    }
}
