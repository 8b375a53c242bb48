package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlReader;
import coffer.storage.Versioning;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PutBucketVersioning's document: what it may say, and the errors AWS answers for the rest. */
class VersioningHandlerTest {
    private static final XmlReader XML = new XmlReader(64 * 1024);

    private static Versioning parse(String body) {
        return VersioningHandler.parse(XML.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String doc(String inner) {
        return "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + inner
                + "</VersioningConfiguration>";
    }

    private static S3ErrorCode refused(String body) {
        return assertThrows(S3Exception.class, () -> parse(body)).error();
    }

    @Test
    void enabledAndSuspended() {
        assertEquals(Versioning.ENABLED, parse(doc("<Status>Enabled</Status>")));
        assertEquals(Versioning.SUSPENDED, parse(doc("<Status>Suspended</Status><MfaDelete>Disabled</MfaDelete>")));
        assertNull(parse(doc("")), "no status: nothing changes");
    }

    @Test
    void anythingElseIsRefused() {
        assertEquals(S3ErrorCode.MALFORMED_XML, refused(doc("<Status>enabled</Status>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refused(doc("<Status>Unversioned</Status>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refused(doc("<Status>Enabled</Status><Extra/>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refused("<Versioning><Status>Enabled</Status></Versioning>"));
        assertEquals(S3ErrorCode.MALFORMED_XML, refused(doc("<MfaDelete>Maybe</MfaDelete>")));
        assertEquals(S3ErrorCode.NOT_IMPLEMENTED,
                refused(doc("<Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>")));
    }
}
