package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import org.junit.jupiter.api.Test;

/** Each operation's typed query parameters, and that they are checked when read, not when built. */
class OperationParamsTest {

    private static OperationParams of(S3Operation op, String rawQuery) {
        return OperationParams.of(op, QueryParams.parse(rawQuery));
    }

    @Test
    void multipartOperationsReadTheirUploadAndPart() {
        UploadParams p = assertInstanceOf(UploadParams.class,
                of(S3Operation.UploadPart, "partNumber=7&uploadId=abc%2Bd"));
        assertEquals(7, p.partNumber());
        assertEquals("abc+d", p.uploadId());
    }

    @Test
    void aBadValueIsRefusedWhenReadSoThatAuthorizationComesFirst() {
        UploadParams p = assertInstanceOf(UploadParams.class, of(S3Operation.UploadPart, "partNumber=0&uploadId="));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, p::partNumber).error());
        assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, assertThrows(S3Exception.class, p::uploadId).error());
        ListingParams l = assertInstanceOf(ListingParams.class, of(S3Operation.ListObjects, "max-keys=-1"));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> l.maxKeys(1000)).error());
    }

    @Test
    void listingSizesAreCappedAndDefaulted() {
        ListingParams l = assertInstanceOf(ListingParams.class, of(S3Operation.ListObjectsV2,
                "list-type=2&max-keys=5000&prefix=a+b&encoding-type=url&fetch-owner=true"));
        assertEquals(1000, l.maxKeys(1000));
        assertEquals("a b", l.prefix());
        assertTrue(l.urlEncoded());
        assertTrue(l.fetchOwnerWanted());
        assertEquals(1000, assertInstanceOf(ListingParams.class, of(S3Operation.ListObjects, "")).maxKeys(1000));
    }

    @Test
    void objectOperationsReadTheVersionAndTheResponseOverrides() {
        ObjectParams p = assertInstanceOf(ObjectParams.class,
                of(S3Operation.GetObject, "versionId=null&response-content-type=text%2Fplain&partNumber=2"));
        assertEquals("null", p.version());
        assertEquals("text/plain", p.responseOverrides().get("response-content-type"));
        assertTrue(p.wantsPart());
        assertEquals(2, p.partNumber());
        ObjectParams malformed = assertInstanceOf(ObjectParams.class, of(S3Operation.GetObjectAcl, "versionId=v1"));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, malformed::version).error());
        String id = "0".repeat(32);
        assertEquals(id, assertInstanceOf(ObjectParams.class, of(S3Operation.GetObject, "versionId=" + id)).version());
    }

    @Test
    void operationsWithoutParametersHaveNone() {
        assertSame(OperationParams.NONE, of(S3Operation.PutBucketCors, "cors"));
    }
}
