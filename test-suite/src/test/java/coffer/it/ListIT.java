package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjects v1 and v2: prefixes, delimiters, paging, encoding, UTF-8 byte order. */
class ListIT {
    static final List<String> KEYS = List.of("a", "a/1", "a/2", "a/b/3", "b", "b/1", "c d", "c+d", "dir/x/1",
            "dir/x/2", "dir/y/1", "é", "z", "\uFFFD", "😀");
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("list"));
        for (String key : KEYS) {
            s3.putObject(b -> b.bucket("list").key(key), RequestBody.fromString(key));
        }
    }

    static List<String> utf8Order(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        return sorted;
    }

    @Test
    void allKeysInUtf8ByteOrder() {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("list"));
        assertEquals(utf8Order(KEYS), page.contents().stream().map(S3Object::key).toList());
        assertFalse(page.isTruncated());
        assertEquals(KEYS.size(), page.keyCount());
        S3Object a = page.contents().get(0);
        assertEquals(1, a.size());
        assertTrue(a.eTag().startsWith("\""));
    }

    @Test
    void delimiterRollsUpCommonPrefixes() {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("list").delimiter("/"));
        assertEquals(List.of("a/", "b/", "dir/"), page.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(utf8Order(List.of("a", "b", "c d", "c+d", "é", "z", "\uFFFD", "😀")),
                page.contents().stream().map(S3Object::key).toList());

        ListObjectsV2Response dir = s3.listObjectsV2(b -> b.bucket("list").prefix("dir/").delimiter("/"));
        assertEquals(List.of("dir/x/", "dir/y/"), dir.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertTrue(dir.contents().isEmpty());
    }

    @Test
    void v2PagingVisitsEveryEntryOnce() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("list").delimiter("/").maxKeys(2)
                    .continuationToken(t));
            page.contents().forEach(o -> seen.add(o.key()));
            page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            pages++;
        } while (token != null && pages < 50);
        List<String> expected = utf8Order(List.of("a", "a/", "b", "b/", "c d", "c+d", "dir/", "é", "z", "\uFFFD",
                "😀"));
        assertEquals(expected, utf8Order(seen));
        assertEquals(expected.size(), seen.size(), "no duplicates: " + seen);
    }

    @Test
    void v1MarkersAndStartAfter() {
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        ListObjectsResponse page;
        do {
            String m = marker;
            page = s3.listObjects(b -> b.bucket("list").maxKeys(3).marker(m));
            page.contents().forEach(o -> seen.add(o.key()));
            marker = page.isTruncated() ? (page.nextMarker() != null ? page.nextMarker()
                    : page.contents().get(page.contents().size() - 1).key()) : null;
            pages++;
        } while (marker != null && pages < 50);
        assertEquals(utf8Order(KEYS), seen);

        ListObjectsV2Response after = s3.listObjectsV2(b -> b.bucket("list").startAfter("dir/y/1"));
        assertEquals(utf8Order(List.of("é", "z", "\uFFFD", "😀")), after.contents().stream().map(S3Object::key).toList());
        ListObjectsV2Response prefixed = s3.listObjectsV2(b -> b.bucket("list").prefix("a/"));
        assertEquals(List.of("a/1", "a/2", "a/b/3"), prefixed.contents().stream().map(S3Object::key).toList());
    }

    @Test
    void urlEncodingRoundTripsThroughTheSdk() {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("list").prefix("c").encodingType(EncodingType.URL));
        assertEquals(List.of("c d", "c+d"), page.contents().stream().map(S3Object::key).toList());
        ListObjectsResponse v1 = s3.listObjects(b -> b.bucket("list").prefix("c").encodingType(EncodingType.URL));
        assertEquals(List.of("c d", "c+d"), v1.contents().stream().map(S3Object::key).toList());
    }

    @Test
    void maxKeysZeroAndInvalidArguments() {
        ListObjectsV2Response none = s3.listObjectsV2(b -> b.bucket("list").maxKeys(0));
        assertTrue(none.contents().isEmpty());
        S3Exception e = assertThrows(S3Exception.class, () -> s3.listObjectsV2(b -> b.bucket("list").maxKeys(-1)));
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }
}
