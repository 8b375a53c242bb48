package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.ObjectRecord;
import coffer.storage.blob.CustomerKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The SSE-C path against the in-memory engine: an object written with a customer key is served only to a request
 * that sends the same key; the engine's refusal leaves as the S3 error {@link EngineErrors} maps it to, as
 * S3Service answers it.
 */
class CustomerKeysTest {
    private static final byte[] KEY = key((byte) 7);
    private static final byte[] OTHER_KEY = key((byte) 9);

    private final HandlerFixture f = new HandlerFixture();

    CustomerKeysTest() {
        f.bucket("vault");
    }

    private static byte[] key(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return key;
    }

    private static String md5(byte[] key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HandlerRequests.Builder withKey(HandlerRequests.Builder request, byte[] key) {
        return withKey(request, key, md5(key));
    }

    private static HandlerRequests.Builder withKey(HandlerRequests.Builder request, byte[] key, String md5) {
        return request.header(CustomerKeys.ALGORITHM, "AES256")
                .header(CustomerKeys.KEY, Base64.getEncoder().encodeToString(key)).header(CustomerKeys.KEY_MD5, md5);
    }

    /** The S3 error a request ends with, mapped as S3Service maps what a handler throws. */
    private static S3ErrorCode s3Error(Runnable request) {
        RuntimeException e = assertThrows(RuntimeException.class, request::run);
        return new EngineErrors().toS3(e, "test-request").error();
    }

    private void putSecret() throws Exception {
        S3Response put = f.writes.putObject(withKey(f.request("PUT", "/vault/secret"), KEY).body("classified")
                .context());
        assertEquals(200, put.status());
        assertEquals("AES256", put.firstHeader(CustomerKeys.ALGORITHM));
        assertEquals(md5(KEY), put.firstHeader(CustomerKeys.KEY_MD5));
        assertNull(put.firstHeader(CustomerKeys.KEY), "the key itself is never echoed");
    }

    @Test
    void theObjectIsServedWithItsKeyAndTheKeysMd5IsEchoed() throws Exception {
        putSecret();
        S3Response get = f.reads.getObject(withKey(f.request("GET", "/vault/secret"), KEY).context());
        assertEquals(200, get.status());
        assertEquals("classified", text(get));
        assertEquals("AES256", get.firstHeader(CustomerKeys.ALGORITHM));
        assertEquals(md5(KEY), get.firstHeader(CustomerKeys.KEY_MD5));
        assertNull(get.firstHeader("x-amz-server-side-encryption"), "SSE-C is not echoed as SSE-S3");
        ObjectRecord stored = f.storage.findObject(f.storage.findBucket("vault").orElseThrow(), "secret")
                .orElseThrow();
        try (InputStream in = f.storage.openObject(stored, 0, stored.size() - 1, new CustomerKey(KEY))) {
            assertArrayEquals("classified".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
    }

    @Test
    void withoutTheKeyTheObjectIsAnInvalidRequest() throws Exception {
        putSecret();
        assertEquals(S3ErrorCode.INVALID_REQUEST,
                s3Error(() -> f.reads.getObject(f.request("GET", "/vault/secret").context())));
        assertEquals(S3ErrorCode.INVALID_REQUEST,
                s3Error(() -> f.reads.headObject(f.request("HEAD", "/vault/secret").context())));
    }

    @Test
    void anotherKeyIsAnInvalidRequest() throws Exception {
        putSecret();
        assertEquals(S3ErrorCode.INVALID_REQUEST, s3Error(
                () -> f.reads.getObject(withKey(f.request("GET", "/vault/secret"), OTHER_KEY).context())));
    }

    @Test
    void aKeyForAnObjectWrittenWithoutOneIsAnInvalidRequest() throws Exception {
        f.writes.putObject(f.request("PUT", "/vault/plain").body("open").context());
        HandlerRequests.Builder get = withKey(f.request("GET", "/vault/plain"), KEY);
        assertEquals(S3ErrorCode.INVALID_REQUEST, s3Error(() -> f.reads.getObject(get.context())));
        assertEquals("open", text(f.reads.getObject(f.request("GET", "/vault/plain").context())));
    }

    @Test
    void incompleteOrMismatchedKeyHeadersAreInvalidArgumentsAndStoreNothing() throws Exception {
        S3Exception noMd5 = assertThrows(S3Exception.class, () -> f.writes.putObject(f.request("PUT", "/vault/x")
                .header(CustomerKeys.ALGORITHM, "AES256").header(CustomerKeys.KEY, Base64.getEncoder()
                        .encodeToString(KEY)).body("x").context()));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, noMd5.error());
        HandlerRequests.Builder mismatched = withKey(f.request("PUT", "/vault/x"), KEY, md5(OTHER_KEY))
                .body("x");
        assertEquals(S3ErrorCode.INVALID_ARGUMENT,
                assertThrows(S3Exception.class, () -> f.writes.putObject(mismatched.context())).error());
        HandlerRequests.Builder shortKey = withKey(f.request("PUT", "/vault/x"), new byte[16]).body("x");
        S3Exception tooShort = assertThrows(S3Exception.class, () -> f.writes.putObject(shortKey.context()));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, tooShort.error());
        assertFalse(tooShort.getMessage().contains(Base64.getEncoder().encodeToString(new byte[16])),
                "the key is not in the message");
        assertTrue(f.storage.findObject(f.storage.findBucket("vault").orElseThrow(), "x").isEmpty());
    }
}
