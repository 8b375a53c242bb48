package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.s3.http.RequestTarget;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationResolverTest {
    private final OperationResolver resolver = new OperationResolver();

    private S3Operation resolve(String method, String path, String query, String copySource) {
        return resolver.resolve(method, RequestTarget.of(path, "localhost", Optional.empty()),
                QueryParams.parse(query), copySource);
    }

    @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "GET|/||ListBuckets",
        "PUT|/b||CreateBucket",
        "HEAD|/b||HeadBucket",
        "DELETE|/b||DeleteBucket",
        "GET|/b||ListObjects",
        "GET|/b|list-type=2&prefix=a|ListObjectsV2",
        "GET|/b|location|GetBucketLocation",
        "GET|/b|versioning|GetBucketVersioning",
        "DELETE|/b|cors|DeleteBucketCors",
        "DELETE|/b|tagging|DeleteBucketTagging",
        "DELETE|/b|lifecycle|DeleteBucketLifecycle",
        "PUT|/b|policy|PutBucketPolicy",
        "POST|/b|delete|DeleteObjects",
        "GET|/b/k||GetObject",
        "GET|/b/k|x-id=GetObject&response-content-type=a|GetObject",
        "HEAD|/b/k||HeadObject",
        "PUT|/b/k||PutObject",
        "DELETE|/b/k||DeleteObject",
        "DELETE|/b/k|tagging|DeleteObjectTagging",
        "DELETE|/b/k|uploadId=1|AbortMultipartUpload",
        "PUT|/b/k|partNumber=1&uploadId=2|UploadPart",
        "POST|/b/k|uploads|CreateMultipartUpload",
        "POST|/b/k|uploadId=2|CompleteMultipartUpload",
        "GET|/b/k|uploadId=2|ListParts",
        "GET|/b/k|acl|GetObjectAcl",
        "OPTIONS|/b/k||PreflightRequest",
    })
    void resolves(String method, String path, String query, String expected) {
        assertEquals(S3Operation.valueOf(expected), resolve(method, path, query, null));
    }

    @Test
    void copySourceTurnsPutsIntoCopies() {
        assertEquals(S3Operation.CopyObject, resolve("PUT", "/b/k", null, "/src/key"));
        assertEquals(S3Operation.UploadPartCopy, resolve("PUT", "/b/k", "partNumber=1&uploadId=u", "/src/key"));
    }

    @Test
    void aDeleteWithAnUnservedSubresourceNeverFallsThroughToDeleteBucket() {
        assertEquals(S3Operation.DeleteBucketWebsite, resolve("DELETE", "/b", "website", null));
        assertEquals(S3Operation.DeleteBucketReplication, resolve("DELETE", "/b", "replication", null));
    }

    @Test
    void unknownMethodsAreNotAllowed() {
        S3Exception e = assertThrows(S3Exception.class, () -> resolve("POST", "/b/k", null, null));
        assertEquals(S3ErrorCode.METHOD_NOT_ALLOWED, e.error());
        assertEquals(S3ErrorCode.METHOD_NOT_ALLOWED,
                assertThrows(S3Exception.class, () -> resolve("PUT", "/", null, null)).error());
    }
}
