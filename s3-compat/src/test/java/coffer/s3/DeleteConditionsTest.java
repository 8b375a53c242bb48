package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.storage.DeleteCondition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeleteConditionsTest {
    private static final XmlReader XML = new XmlReader(64 * 1024);

    private static XmlElement object(String inner) {
        return XML.parse(new ByteArrayInputStream(("<Object><Key>k</Key>" + inner + "</Object>")
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEtagTimeInEitherFormAndSize() {
        Instant t = Instant.parse("2015-01-01T00:00:00Z");
        assertEquals(new DeleteCondition("abc", t, 7L), DeleteConditions.fromObject(object(
                "<ETag>\"abc\"</ETag><LastModifiedTime>Thu, 01 Jan 2015 00:00:00 GMT</LastModifiedTime>"
                + "<Size>7</Size>")));
        assertEquals(new DeleteCondition(null, t, null), DeleteConditions.fromObject(object(
                "<LastModifiedTime>2015-01-01T00:00:00.000Z</LastModifiedTime>")));
        assertEquals(DeleteCondition.NONE, DeleteConditions.fromObject(object("")));
    }

    @Test
    void unparsableValuesAreInvalidArgument() {
        for (String bad : new String[] {"<Size>-1</Size>", "<Size>many</Size>",
                "<LastModifiedTime>yesterday</LastModifiedTime>"}) {
            S3Exception e = assertThrows(S3Exception.class, () -> DeleteConditions.fromObject(object(bad)), bad);
            assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.error(), bad);
        }
    }
}
