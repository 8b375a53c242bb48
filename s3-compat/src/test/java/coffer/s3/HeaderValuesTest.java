package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void mediaTypesAsClientsSendThem() {
        for (String ok : new String[] {"text/plain", "binary/octet-stream", "text/plain; charset=UTF-8",
            "application/vnd.api+json;version=2", "multipart/form-data; boundary=\"a b;c\"", " image/png ",
            "text/plain;charset=utf-8 ; format=flowed", "text/plain;", "a/b;;c=d"}) {
            assertTrue(HeaderValues.isMediaType(ok), ok);
        }
    }

    @Test
    void whatFrameworksCannotParseIsNotAMediaType() {
        for (String bad : new String[] {";;;", "a/b; c", "text", "/plain", "text/", "a/b; c=",
            "a/b; c=\"open", "a b/c", "text/plain\r\nX-Injected: 1", "", "t\u00e9xt/plain"}) {
            assertFalse(HeaderValues.isMediaType(bad), bad);
        }
    }

    @Test
    void otherHeadersRefuseControlCharactersOnly() {
        assertEquals("attachment; filename=\"\u00e9t\u00e9.txt\"",
                HeaderValues.require("response-content-disposition", "Content-Disposition",
                        "attachment; filename=\"\u00e9t\u00e9.txt\""));
        S3Exception e = assertThrows(S3Exception.class, () -> HeaderValues.require("response-cache-control",
                "Cache-Control", "no-cache\r\nSet-Cookie: a=b"));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.error());
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class,
                () -> HeaderValues.require("response-content-type", "Content-Type", "a/b; c")).error());
    }
}
