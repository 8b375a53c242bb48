package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.console.ConsoleHttp.Answer;
import coffer.it.support.GatewayExtension;
import coffer.it.support.SharedMariaDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Share links and devices through the console API against a real gateway (docs/console.md, "Share links",
 * "Devices"): a link's bytes to anyone, ranges, download counts, and every refusal (expired, exhausted, wrong and
 * throttled password, revoked, another account's links and keys, CSRF); access keys made on the devices page used
 * with the AWS SDK on the S3 port; which pages open without a session; links surviving sign-out and a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShareApiIT {
    private static final String PASSWORD = "a share owner's password";
    private static final String LINK_PASSWORD = "open sesame 42";
    private static final int PER_LINK = 3;
    private static final byte[] FILE = new byte[100_000];

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()
                    .withSignIn(new ConsoleConfig.SignInLimits(PER_LINK, 50, Duration.ofMinutes(15)))))
            .build();

    private static ConsoleHttp owner;
    private static ConsoleHttp other;

    @BeforeAll
    static void twoAccountsAndAFile() throws Exception {
        new Random(7).nextBytes(FILE);
        owner = browser();
        assertEquals(201, owner.signUp("owner@example.org", PASSWORD).status());
        assertEquals(201, owner.post("/api/buckets", Map.of("name", "owner-files")).status());
        for (String key : List.of("film.mp4", "trip/a.txt", "trip/day 2/b.txt", "other.txt")) {
            Answer up = owner.put("/api/buckets/owner-files/objects?key=" + enc(key),
                    key.equals("film.mp4") ? FILE : key.getBytes());
            assertEquals(201, up.status(), up.raw().body());
        }
        other = browser();
        assertEquals(201, other.signUp("other@example.org", PASSWORD).status());
    }

    private static ConsoleHttp browser() {
        return new ConsoleHttp(gateway.server().consolePort());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode share(Map<String, Object> body) throws Exception {
        Map<String, Object> b = new HashMap<>(body);
        b.putIfAbsent("bucket", "owner-files");
        Answer made = owner.post("/api/shares", b);
        assertEquals(201, made.status(), made.raw().body());
        assertTrue(made.json().path("path").asText().matches("/s/[A-Za-z0-9_-]{43}"), made.raw().body());
        return made.json();
    }

    private static JsonNode listed(long id) throws Exception {
        for (JsonNode s : owner.get("/api/shares").json().path("shares")) {
            if (s.path("id").asLong() == id) {
                return s;
            }
        }
        return null;
    }

    /** A stranger: no cookies at all. */
    private static HttpResponse<byte[]> anonymous(String path, String... headers) throws Exception {
        return browser().fetch("GET", path, headers);
    }

    private static String code(HttpResponse<byte[]> r) throws Exception {
        return ConsoleHttp.JSON.readTree(r.body()).path("error").path("code").asText();
    }

    @Test
    @Order(1)
    void anObjectLinkAnswersItsBytesWithRangesAndCountsEachDownloadOnce() throws Exception {
        JsonNode link = share(Map.of("key", "film.mp4"));
        String path = link.path("path").asText();
        assertEquals("active", link.path("state").asText());
        assertTrue(link.path("expires").isNull(), "no expiry given: never");

        HttpResponse<byte[]> whole = anonymous(path);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(FILE, whole.body());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
        assertTrue(whole.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("sandbox"));
        assertTrue(whole.headers().firstValue("Content-Disposition").orElseThrow().contains("film.mp4"));

        HttpResponse<byte[]> seek = anonymous(path, "Range", "bytes=50000-50099");
        assertEquals(206, seek.statusCode());
        assertArrayEquals(Arrays.copyOfRange(FILE, 50_000, 50_100), seek.body());
        assertEquals("bytes 50000-50099/100000", seek.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> start = anonymous(path, "Range", "bytes=0-9");
        assertEquals(206, start.statusCode());
        assertArrayEquals(Arrays.copyOf(FILE, 10), start.body());
        HttpResponse<byte[]> tail = anonymous(path, "Range", "bytes=-5");
        assertArrayEquals(Arrays.copyOfRange(FILE, 99_995, 100_000), tail.body());
        assertEquals(416, anonymous(path, "Range", "bytes=100000-").statusCode());
        assertEquals(200, browser().fetch("HEAD", path).statusCode());
        // Counted: the whole GET and the range from byte 0; not the seeks, the HEAD or the refused range.
        assertEquals(2, listed(link.path("id").asLong()).path("downloads").asInt());

        assertEquals(404, code404(anonymous("/s/" + "A".repeat(43))));
        assertEquals(404, anonymous("/s/not-a-token").statusCode());
    }

    private static int code404(HttpResponse<byte[]> r) throws Exception {
        assertEquals("NoSuchShareLink", code(r));
        return r.statusCode();
    }

    @Test
    @Order(2)
    void aFolderLinkListsItsFilesAndServesEachButNothingOutsideIt() throws Exception {
        String path = share(Map.of("prefix", "trip/")).path("path").asText();
        HttpResponse<byte[]> page = anonymous(path, "Accept", "text/html");
        assertEquals(200, page.statusCode());
        assertTrue(new String(page.body()).contains("share-folder.js"));
        JsonNode list = ConsoleHttp.JSON.readTree(anonymous(path + "/list").body());
        assertEquals("trip/", list.path("folder").asText());
        assertEquals(List.of("a.txt", "day 2/b.txt"), list.path("files").findValuesAsText("name"));
        HttpResponse<byte[]> file = anonymous(path + "?file=" + enc("day 2/b.txt"));
        assertEquals(200, file.statusCode());
        assertEquals("trip/day 2/b.txt", new String(file.body()));
        HttpResponse<byte[]> outside = anonymous(path + "?file=" + enc("../other.txt"));
        assertEquals(404, outside.statusCode());
        assertEquals("NoSuchKey", code(outside));

        Answer notAFolder = owner.post("/api/shares", Map.of("bucket", "owner-files", "prefix", "trip"));
        assertEquals(400, notAFolder.status());
        assertEquals("prefix", notAFolder.json().path("error").path("field").asText());
        Answer missing = owner.post("/api/shares", Map.of("bucket", "owner-files", "key", "nope"));
        assertEquals("NoSuchKey", missing.code());
    }

    @Test
    @Order(3)
    void expiredAndExhaustedLinksAreRefused() throws Exception {
        Answer tooShort = owner.post("/api/shares", Map.of("bucket", "owner-files", "key", "other.txt",
                "expiresInSeconds", 60));
        assertEquals(400, tooShort.status());
        assertEquals("expiresInSeconds", tooShort.json().path("error").path("field").asText());

        JsonNode expiring = share(Map.of("key", "other.txt", "expiresInSeconds", 3600));
        assertEquals(200, anonymous(expiring.path("path").asText()).statusCode());
        try (Connection c = SharedMariaDb.adminConnection(gateway.jdbcUrl());
             PreparedStatement s = c.prepareStatement(
                     "UPDATE console_share SET expires = NOW(3) - INTERVAL 1 SECOND WHERE id = ?")) {
            s.setLong(1, expiring.path("id").asLong());
            assertEquals(1, s.executeUpdate());
        }
        HttpResponse<byte[]> expired = anonymous(expiring.path("path").asText());
        assertEquals(410, expired.statusCode());
        assertEquals("ShareLinkExpired", code(expired));
        assertEquals("expired", listed(expiring.path("id").asLong()).path("state").asText());

        JsonNode once = share(Map.of("key", "film.mp4", "maxDownloads", 1));
        String path = once.path("path").asText();
        assertEquals(200, anonymous(path).statusCode());
        HttpResponse<byte[]> again = anonymous(path);
        assertEquals(410, again.statusCode());
        assertEquals("ShareLinkExhausted", code(again));
        assertEquals(410, anonymous(path, "Range", "bytes=500-").statusCode(), "no seeking past the limit either");
        JsonNode row = listed(once.path("id").asLong());
        assertEquals(1, row.path("downloads").asInt());
        assertEquals("exhausted", row.path("state").asText());
        assertEquals(400, owner.post("/api/shares", Map.of("bucket", "owner-files", "key", "film.mp4",
                "maxDownloads", 0)).status());
    }

    @Test
    @Order(4)
    void aPasswordLinkOpensOnlyWithItsPasswordAndWrongOnesAreThrottled() throws Exception {
        JsonNode link = share(Map.of("key", "film.mp4", "password", LINK_PASSWORD));
        String path = link.path("path").asText();
        assertTrue(listed(link.path("id").asLong()).path("hasPassword").asBoolean());
        HttpResponse<byte[]> locked = anonymous(path);
        assertEquals(401, locked.statusCode());
        assertEquals("SharePasswordRequired", code(locked));
        HttpResponse<byte[]> page = anonymous(path, "Accept", "text/html,*/*");
        assertEquals(401, page.statusCode());
        assertTrue(new String(page.body()).contains("share-unlock.js"), "a browser gets the password page");

        ConsoleHttp friend = browser();
        friend.ensureCsrf();
        Answer noCsrf = friend.post(path + "/unlock", Map.of("password", LINK_PASSWORD), null);
        assertEquals("CsrfTokenMissing", noCsrf.code());
        Answer wrong = friend.post(path + "/unlock", Map.of("password", "not it at all"));
        assertEquals(403, wrong.status());
        assertEquals("WrongSharePassword", wrong.code());
        Answer right = friend.post(path + "/unlock", Map.of("password", LINK_PASSWORD));
        assertEquals(204, right.status(), right.raw().body());
        String grant = right.setCookies().get(0);
        assertTrue(grant.startsWith("coffer_share_grant=") && grant.contains("Path=" + path)
                && grant.contains("HttpOnly"), grant);
        HttpResponse<byte[]> opened = friend.fetch("GET", path);
        assertEquals(200, opened.statusCode());
        assertArrayEquals(FILE, opened.body());

        // PER_LINK wrong passwords within the window close the link's password door, even for the right one.
        ConsoleHttp guesser = browser();
        guesser.ensureCsrf();
        for (int i = 0; i < PER_LINK; i++) {
            assertEquals("WrongSharePassword", guesser.post(path + "/unlock", Map.of("password", "guess " + i)).code());
        }
        Answer throttled = guesser.post(path + "/unlock", Map.of("password", LINK_PASSWORD));
        assertEquals(429, throttled.status());
        assertEquals("TooManyAttempts", throttled.code());
        assertNotNull(throttled.header("Retry-After"));
    }

    @Test
    @Order(5)
    void revokedLinksAndAnotherAccountsLinksAreRefused() throws Exception {
        JsonNode link = share(Map.of("key", "other.txt"));
        String path = link.path("path").asText();
        long id = link.path("id").asLong();
        assertTrue(other.get("/api/shares").json().path("shares").isEmpty(), "another account sees none");
        Answer theirs = other.delete("/api/shares/" + id);
        assertEquals(404, theirs.status());
        assertEquals("NoSuchShareLink", theirs.code());
        Answer notTheirBucket = other.post("/api/shares", Map.of("bucket", "owner-files", "key", "other.txt"));
        assertEquals("NoSuchBucket", notTheirBucket.code());
        assertEquals(200, anonymous(path).statusCode(), "still served");

        assertEquals("CsrfTokenMissing", owner.delete("/api/shares/" + id, null).code());
        assertEquals("CsrfTokenInvalid", owner.delete("/api/shares/" + id, "A".repeat(43)).code());
        assertEquals("CsrfTokenInvalid", owner.post("/api/shares", Map.of("bucket", "owner-files",
                "key", "other.txt"), other.cookies.get("coffer_csrf")).code());
        assertEquals(204, owner.delete("/api/shares/" + id).status());
        HttpResponse<byte[]> revoked = anonymous(path);
        assertEquals(410, revoked.statusCode());
        assertEquals("ShareLinkRevoked", code(revoked));
        assertEquals(404, owner.delete("/api/shares/" + id).status());
        assertEquals(null, listed(id));
    }

    @Test
    @Order(6)
    void anAccessKeyMadeOnTheDevicesPageWorksOnTheS3PortUntilRevoked() throws Exception {
        Answer made = owner.post("/api/keys", Map.of());
        assertEquals(201, made.status(), made.raw().body());
        String id = made.json().path("accessKeyId").asText();
        String secret = made.json().path("secretKey").asText();
        assertEquals("http://127.0.0.1:" + gateway.server().port(), made.json().path("endpoint").asText());
        JsonNode listed = owner.get("/api/keys").json();
        assertEquals(List.of(id), listed.path("keys").findValuesAsText("accessKeyId"));
        assertFalse(listed.toString().contains(secret), "the secret is answered once only");
        try (S3Client s3 = gateway.client(id, secret, false,
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)) {
            s3.putObject(b -> b.bucket("owner-files").key("from-laptop.txt"), RequestBody.fromString("hi"));
            assertEquals("hi", s3.getObjectAsBytes(b -> b.bucket("owner-files").key("from-laptop.txt"))
                    .asUtf8String());
            Answer notTheirs = other.delete("/api/keys/" + id);
            assertEquals(404, notTheirs.status());
            assertEquals("NoSuchAccessKey", notTheirs.code());
            assertEquals("CsrfTokenMissing", owner.delete("/api/keys/" + id, null).code());
            assertEquals(204, owner.delete("/api/keys/" + id).status());
            assertEquals(403, assertThrows(S3Exception.class,
                    () -> s3.listObjectsV2(b -> b.bucket("owner-files"))).statusCode());
        }
    }

    @Test
    @Order(7)
    void onlySignInSignUpAndShareLinksOpenWithoutASession() throws Exception {
        ConsoleHttp stranger = browser();
        for (String page : List.of("/", "/files", "/shares", "/devices")) {
            Answer a = stranger.get(page);
            assertEquals(303, a.status(), page);
            assertTrue(a.header("Location").endsWith("/signin"), page);
        }
        for (String page : List.of("/signin", "/signup")) {
            assertEquals(200, stranger.get(page).status(), page);
        }
        for (String api : List.of("/api/usage", "/api/buckets", "/api/shares", "/api/keys")) {
            assertEquals("NoSession", stranger.get(api).code(), api);
        }
    }

    @Test
    @Order(8)
    void linksSurviveSignOutEverywhereAndARestart() throws Exception {
        String path = share(Map.of("key", "film.mp4")).path("path").asText();
        assertEquals(200, owner.post("/api/signout-everywhere", Map.of()).status());
        assertEquals("NoSession", owner.get("/api/shares").code());
        assertEquals(200, anonymous(path).statusCode());
        gateway.restart();
        HttpResponse<byte[]> after = anonymous(path);
        assertEquals(200, after.statusCode());
        assertArrayEquals(FILE, after.body());

        java.nio.file.Path log = java.nio.file.Path.of("target", "test-gateway.log");
        String text = java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
        assertFalse(text.contains(path.substring(3)), "a share token is in " + log);
        assertFalse(text.contains(LINK_PASSWORD), "a link password is in " + log);
    }
}
