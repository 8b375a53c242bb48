package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.ListingXml;
import coffer.it.support.LoopbackClients;
import coffer.it.support.RawListingCapture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keys that trip up servers (escapes, dot segments, reserved and non-ASCII characters) round-trip exactly through
 * PUT, GET, HEAD, ListObjectsV2 (with and without {@code encoding-type=url}, checked in the raw XML too) and
 * DELETE, in path style and in virtual-hosted style.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyEncodingIT {
    private static final String DOMAIN = "s3.test";
    static final List<String> KEYS = List.of("a/b", "a//b", "/leading", "trailing/", "%", "a%2Fb", "100%25",
            "plus+sign", "space in name", "q?x", "hash#tag", "\u00e9t\u00e9/\u00fcn\u00efc\u00f8d\u00e9",
            "emoji-\uD83D\uDE00", "..", "a/../b", "./x", "semi;colon", "back\\slash", "tilde~", "star*",
            "quote'\"", "amp&er=sand", "<xml>");
    /**
     * In virtual-hosted style the key {@code ..} is the whole path {@code /..}, which climbs above the root: Jetty
     * answers 400 before the gateway sees it (a documented gap, see DESIGN.md section 2). AWS accepts it.
     */
    static final List<String> CLIMBING_IN_VIRTUAL_HOSTED_STYLE = List.of("..");
    /**
     * Keys with {@code //} (a leading {@code /} makes one after the bucket): the SDK v2's Apache client signs the
     * path with {@code //} but sends it as {@code /%2F}, so that nothing on the way collapses it. AWS S3 accepts
     * that; the gateway answers 403 SignatureDoesNotMatch (server bug, see the disabled tests below).
     */
    static final List<String> SENT_AS_SLASH_PERCENT_2F = List.of("a//b", "/leading");

    enum Style {
        PATH("path"), VIRTUAL_HOSTED("vhost");

        final String suffix;

        Style(String suffix) {
            this.suffix = suffix;
        }

        List<String> keys() {
            return this == PATH ? KEYS
                    : KEYS.stream().filter(k -> !CLIMBING_IN_VIRTUAL_HOSTED_STYLE.contains(k)).toList();
        }

        List<String> keysWithoutDoubleSlash() {
            return keys().stream().filter(k -> !SENT_AS_SLASH_PERCENT_2F.contains(k)).toList();
        }
    }

    /** The SDK as users run it, keeping the raw XML of each listing it receives. */
    record Clients(S3Client sdk, RawListingCapture xml) {
        static Clients of(URI endpoint, boolean virtualHosted) {
            RawListingCapture xml = new RawListingCapture();
            return new Clients(LoopbackClients.builder(endpoint, virtualHosted)
                    .overrideConfiguration(c -> c.addExecutionInterceptor(xml)).build(), xml);
        }
    }

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().domain(DOMAIN).build();
    private final Map<Style, Clients> clients = new EnumMap<>(Style.class);

    @BeforeAll
    void start() throws Exception {
        clients.put(Style.PATH, Clients.of(gateway.endpoint(), false));
        URI virtualHostEndpoint = URI.create("http://" + DOMAIN + ":" + gateway.endpoint().getPort());
        clients.put(Style.VIRTUAL_HOSTED, Clients.of(virtualHostEndpoint, true));
        for (Style style : Style.values()) {
            S3Client s3 = clients.get(style).sdk();
            s3.createBucket(b -> b.bucket("keys-" + style.suffix));
            s3.createBucket(b -> b.bucket("all-" + style.suffix));
            s3.createBucket(b -> b.bucket("every-" + style.suffix));
        }
    }

    @AfterAll
    void stop() {
        clients.values().forEach(c -> c.sdk().close());
    }

    Stream<Arguments> styleAndKey() {
        return Stream.of(Style.values())
                .flatMap(s -> s.keysWithoutDoubleSlash().stream().map(k -> Arguments.of(s, k)));
    }

    Stream<Arguments> styleAndDoubleSlashKey() {
        return Stream.of(Style.values()).flatMap(s -> SENT_AS_SLASH_PERCENT_2F.stream().map(k -> Arguments.of(s, k)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("styleAndKey")
    void keyRoundTrips(Style style, String key) throws Exception {
        assertRoundTrip(style, key);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("styleAndDoubleSlashKey")
    void doubleSlashKeyRoundTrips(Style style, String key) throws Exception {
        assertRoundTrip(style, key);
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void wholeBucketListsEveryKeyExactlyInUtf8Order(Style style) {
        assertWholeListing(style, "all-" + style.suffix, style.keysWithoutDoubleSlash());
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void wholeBucketWithDoubleSlashKeysListsEveryKeyExactly(Style style) {
        assertWholeListing(style, "every-" + style.suffix, style.keys());
    }

    private void assertRoundTrip(Style style, String key) throws Exception {
        Clients c = clients.get(style);
        String bucket = "keys-" + style.suffix;
        byte[] body = ("the object named [" + key + "]").getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + md5Hex(body) + "\"";

        assertEquals(etag, c.sdk().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body)).eTag());

        ResponseBytes<GetObjectResponse> got = c.sdk().getObjectAsBytes(b -> b.bucket(bucket).key(key));
        assertArrayEquals(body, got.asByteArray(), "GET body");
        assertEquals(etag, got.response().eTag());

        HeadObjectResponse head = c.sdk().headObject(b -> b.bucket(bucket).key(key));
        assertEquals(body.length, head.contentLength());
        assertEquals(etag, head.eTag());

        // Without encoding-type (the SDK v2's default): keys and prefix go out as plain XML text.
        ListObjectsV2Response plain = c.sdk().listObjectsV2(b -> b.bucket(bucket).prefix(key));
        ListingXml plainXml = c.xml().last();
        assertEquals(Optional.empty(), plainXml.encodingType(), plainXml.xml());
        assertListedUnderPrefix(key, plainXml.rawKeys());
        assertEquals(key, plain.prefix());
        assertListedUnderPrefix(key, keysOf(plain));

        // encoding-type=url: the XML holds encoded keys; form-decoding them (as the SDK does) gives the key back.
        ListObjectsV2Response encoded = c.sdk().listObjectsV2(b -> b.bucket(bucket).prefix(key)
                .encodingType(EncodingType.URL));
        ListingXml encodedXml = c.xml().last();
        assertEquals(Optional.of("url"), encodedXml.encodingType(), encodedXml.xml());
        assertListedUnderPrefix(key, encodedXml.urlDecodedKeys());
        assertEquals(key, encoded.prefix());
        assertListedUnderPrefix(key, keysOf(encoded));

        c.sdk().deleteObject(b -> b.bucket(bucket).key(key));
        assertThrows(NoSuchKeyException.class, () -> c.sdk().getObject(b -> b.bucket(bucket).key(key)));
    }

    private void assertWholeListing(Style style, String bucket, List<String> keys) {
        Clients c = clients.get(style);
        for (String key : keys) {
            c.sdk().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        List<String> expected = utf8Order(keys);

        ListObjectsV2Response plain = c.sdk().listObjectsV2(b -> b.bucket(bucket));
        assertEquals(expected, c.xml().last().rawKeys());
        assertEquals(expected, keysOf(plain));

        ListObjectsV2Response encoded = c.sdk().listObjectsV2(b -> b.bucket(bucket).encodingType(EncodingType.URL));
        assertEquals(expected, c.xml().last().urlDecodedKeys());
        assertEquals(expected, keysOf(encoded));
    }

    private static void assertListedUnderPrefix(String key, List<String> listed) {
        assertTrue(listed.contains(key), () -> "[" + key + "] missing from " + listed);
        for (String other : listed) {
            assertTrue(other.startsWith(key), () -> "[" + other + "] listed under prefix [" + key + "]");
        }
    }

    private static List<String> keysOf(ListObjectsV2Response page) {
        return page.contents().stream().map(S3Object::key).toList();
    }

    static List<String> utf8Order(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8)));
        return sorted;
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }
}
