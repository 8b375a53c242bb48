package coffer.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnershipControlsHandlerTest {
    private static final XmlReader XML = new XmlReader(64 * 1024);

    private static ObjectOwnership parse(String xml) {
        return OwnershipControlsHandler.parse(XML.parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    private static S3ErrorCode refusal(Runnable r) {
        return assertThrows(S3Exception.class, r::run).error();
    }

    @Test
    void parsesTheOneRule() {
        assertEquals(ObjectOwnership.BUCKET_OWNER_PREFERRED, parse("<OwnershipControls xmlns=\"http://s3.amazonaws.com/"
                + "doc/2006-03-01/\"><Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule>"
                + "</OwnershipControls>"));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<OwnershipControls><Rule><ObjectOwnership>"
                + "Nobody</ObjectOwnership></Rule></OwnershipControls>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<OwnershipControls></OwnershipControls>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<OwnershipControls><Rule><ObjectOwnership>"
                + "ObjectWriter</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule>"
                + "</OwnershipControls>")));
        assertEquals(S3ErrorCode.MALFORMED_XML, refusal(() -> parse("<Other/>")));
    }

    @Test
    void createBucketHeaderIsCheckedAgainstTheRequestedAcl() {
        assertEquals(Optional.empty(), OwnershipControlsHandler.fromCreateBucket(null, true));
        assertEquals(Optional.of(ObjectOwnership.OBJECT_WRITER),
                OwnershipControlsHandler.fromCreateBucket("ObjectWriter", true));
        assertEquals(Optional.of(ObjectOwnership.BUCKET_OWNER_ENFORCED),
                OwnershipControlsHandler.fromCreateBucket("BucketOwnerEnforced", false));
        assertEquals(S3ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP, refusal(
                () -> OwnershipControlsHandler.fromCreateBucket("BucketOwnerEnforced", true)));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT,
                refusal(() -> OwnershipControlsHandler.fromCreateBucket("Everyone", false)));
    }
}
