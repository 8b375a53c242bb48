package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.console.ConsoleHttp.Answer;
import coffer.it.support.GatewayExtension;
import coffer.it.support.SharedMariaDb;
import coffer.storage.accounts.AccountInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's JSON API against a real gateway: sign-up makes a {@code free} account with its quota, sessions and
 * sign-out, and every refusal (CSRF missing or wrong, duplicate e-mail, bad e-mail or password, wrong password,
 * throttled sign-in, oversized bodies, paths outside the assets) with its status, code and field. The per-address
 * throttle test runs last: every test here signs in from 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiIT {
    private static final String PASSWORD = "correct horse battery";
    private static final int PER_ACCOUNT = 3;
    private static final int PER_ADDRESS = 12;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()
                    .withSignIn(new ConsoleConfig.SignInLimits(PER_ACCOUNT, PER_ADDRESS, Duration.ofMinutes(15)))))
            .build();

    private static ConsoleHttp browser() {
        return new ConsoleHttp(gateway.server().consolePort());
    }

    @Test
    @Order(1)
    void signUpCreatesAFreeAccountWithItsQuotaAndASession() throws Exception {
        ConsoleHttp browser = browser();
        Answer anonymous = browser.get("/api/session");
        assertEquals(401, anonymous.status());
        assertEquals("NoSession", anonymous.code());
        assertTrue(anonymous.setCookies().stream().anyMatch(c -> c.startsWith("coffer_csrf=")
                && c.contains("SameSite=Strict")), anonymous.setCookies().toString());

        Answer signedUp = browser.signUp("  Ada@Example.org ", PASSWORD);
        assertEquals(201, signedUp.status(), signedUp.raw().body());
        assertEquals("ada@example.org", signedUp.json().path("email").asText());
        assertEquals("free", signedUp.json().path("account").path("plan").asText());
        String session = signedUp.setCookies().stream().filter(c -> c.startsWith("coffer_session=")).findFirst()
                .orElseThrow();
        assertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"),
                session);
        assertFalse(session.contains("Secure"), "plain HTTP: no Secure attribute");

        Answer usage = browser.get("/api/usage");
        assertEquals(200, usage.status(), usage.raw().body());
        assertEquals(0, usage.json().path("usedBytes").asLong());
        assertEquals(107_374_182_400L, usage.json().path("quotaBytes").asLong());
        assertEquals(0, usage.json().path("objectCount").asLong());
        assertEquals("free", usage.json().path("plan").asText());
        assertEquals("ada@example.org", browser.get("/api/session").json().path("email").asText());

        List<AccountInfo> accounts = gateway.server().store().accounts().findByEmail("ada@example.org");
        assertEquals(1, accounts.size());
        assertEquals("free", accounts.get(0).plan());
        assertEquals(107_374_182_400L, accounts.get(0).quotaBytes());
        assertTrue(gateway.server().store().accounts().show(accounts.get(0).name()).keys().stream()
                .noneMatch(k -> k.state().equalsIgnoreCase("active")), "the unseen first key is revoked");

        String hash = passwordHash("ada@example.org").orElseThrow();
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains(PASSWORD));
        try (Connection c = SharedMariaDb.adminConnection(gateway.jdbcUrl());
             ResultSet r = c.createStatement().executeQuery("SELECT HEX(token_hash) FROM console_session")) {
            while (r.next()) {
                assertFalse(r.getString(1).equalsIgnoreCase(browser.cookies.get("coffer_session")));
            }
        }
    }

    @Test
    @Order(2)
    void stateChangesWithoutTheRightCsrfTokenAreRefused() throws Exception {
        ConsoleHttp browser = browser();
        browser.ensureCsrf();
        Map<String, String> body = Map.of("email", "csrf@example.org", "password", PASSWORD);
        Answer missing = browser.post("/api/signup", body, null);
        assertEquals(403, missing.status());
        assertEquals("CsrfTokenMissing", missing.code());
        Answer wrong = browser.post("/api/signup", body, "A".repeat(43));
        assertEquals(403, wrong.status());
        assertEquals("CsrfTokenInvalid", wrong.code());
        assertTrue(passwordHash("csrf@example.org").isEmpty(), "nothing was created");

        // Within a session, the pre-session token no longer counts: only the session's own.
        String before = browser.cookies.get("coffer_csrf");
        assertEquals(201, browser.post("/api/signup", body).status());
        Answer stale = browser.post("/api/signout", Map.of(), before);
        assertEquals(403, stale.status());
        assertEquals("CsrfTokenInvalid", stale.code());
        Answer none = browser.post("/api/signout", Map.of(), null);
        assertEquals("CsrfTokenMissing", none.code());
        assertEquals(200, browser.get("/api/usage").status(), "still signed in");
        assertEquals(204, browser.post("/api/signout", Map.of()).status());
    }

    @Test
    @Order(3)
    void aDuplicateEmailIsRefusedWhateverItsCase() throws Exception {
        assertEquals(201, browser().signUp("dup@example.org", PASSWORD).status());
        Answer again = browser().signUp("DUP@example.org", "another password");
        assertEquals(409, again.status());
        assertEquals("EmailTaken", again.code());
        assertEquals("email", again.json().path("error").path("field").asText());
        assertEquals(1, gateway.server().store().accounts().findByEmail("dup@example.org").size());
    }

    @Test
    @Order(4)
    void badEmailsAndPasswordsGetClearErrors() throws Exception {
        for (String email : List.of("", "no-at-sign", "a@b", "two@@example.org", "sp ace@example.org",
                "x".repeat(250) + "@example.org")) {
            Answer a = browser().signUp(email, PASSWORD);
            assertEquals(400, a.status(), email);
            assertEquals("InvalidEmail", a.code(), email);
            assertEquals("email", a.json().path("error").path("field").asText());
        }
        Answer short7 = browser().signUp("short@example.org", "1234567");
        assertEquals(400, short7.status());
        assertEquals("InvalidPassword", short7.code());
        assertEquals("password", short7.json().path("error").path("field").asText());
        assertEquals("the password must have at least 8 characters", short7.json().path("error").path("message")
                .asText());
        assertEquals("InvalidPassword", browser().signUp("long@example.org", "p".repeat(257)).code());
        assertEquals("InvalidPassword", browser().signUp("blank@example.org", " ".repeat(10)).code());
        ConsoleHttp browser = browser();
        browser.ensureCsrf();
        Answer notJson = browser.post("/api/signup", "{\"email\": ");
        assertEquals(400, notJson.status());
        assertEquals("MalformedJson", notJson.code());
        Answer number = browser.post("/api/signup", Map.of("email", 5, "password", PASSWORD));
        assertEquals("InvalidArgument", number.code());
        assertTrue(passwordHash("short@example.org").isEmpty());
    }

    @Test
    @Order(5)
    void aWrongPasswordAndAnUnknownAddressGetTheSameAnswer() throws Exception {
        assertEquals(201, browser().signUp("grace@example.org", PASSWORD).status());
        Answer wrong = browser().signIn("grace@example.org", "not the password");
        Answer unknown = browser().signIn("nobody@example.org", PASSWORD);
        for (Answer a : List.of(wrong, unknown)) {
            assertEquals(401, a.status());
            assertEquals("InvalidCredentials", a.code());
            assertEquals("wrong e-mail address or password", a.json().path("error").path("message").asText());
            assertTrue(a.setCookies().stream().noneMatch(c -> c.startsWith("coffer_session=")));
        }
        ConsoleHttp browser = browser();
        Answer ok = browser.signIn("GRACE@example.org", PASSWORD);
        assertEquals(200, ok.status(), ok.raw().body());
        assertEquals(200, browser.get("/api/usage").status());
    }

    @Test
    @Order(6)
    void signInIsThrottledPerAccountAfterFailures() throws Exception {
        assertEquals(201, browser().signUp("mallory-target@example.org", PASSWORD).status());
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertEquals(401, browser().signIn("mallory-target@example.org", "guess " + i).status());
        }
        Answer refused = browser().signIn("mallory-target@example.org", PASSWORD);
        assertEquals(429, refused.status(), "even the right password waits out the window");
        assertEquals("TooManySignIns", refused.code());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertTrue(refused.setCookies().stream().noneMatch(c -> c.startsWith("coffer_session=")));
        // Another account from the same address is not affected.
        assertEquals(200, browser().signIn("grace@example.org", PASSWORD).status());
    }

    @Test
    @Order(7)
    void signOutEndsThisSessionAndSignOutEverywhereEndsAll() throws Exception {
        ConsoleHttp laptop = browser();
        ConsoleHttp phone = browser();
        ConsoleHttp tablet = browser();
        assertEquals(201, laptop.signUp("linus@example.org", PASSWORD).status());
        assertEquals(200, phone.signIn("linus@example.org", PASSWORD).status());
        assertEquals(200, tablet.signIn("linus@example.org", PASSWORD).status());
        String laptopSession = laptop.cookies.get("coffer_session");

        Answer out = laptop.post("/api/signout", Map.of());
        assertEquals(204, out.status());
        assertTrue(out.setCookies().stream()
                .anyMatch(c -> c.startsWith("coffer_session=;") && c.contains("Max-Age=0")));
        laptop.cookies.put("coffer_session", laptopSession);
        assertEquals(401, laptop.get("/api/usage").status(), "the old cookie opens nothing");
        assertEquals(200, phone.get("/api/usage").status());

        Answer everywhere = phone.post("/api/signout-everywhere", Map.of());
        assertEquals(200, everywhere.status());
        assertEquals(2, everywhere.json().path("sessionsEnded").asInt());
        assertEquals(401, tablet.get("/api/usage").status());
        assertEquals(401, phone.get("/api/session").status());
        Answer home = tablet.get("/");
        assertEquals(303, home.status());
        assertTrue(home.header("Location").endsWith("/signin"), home.header("Location"));
        assertEquals("NoSession", tablet.post("/api/signout", Map.of()).code());
    }

    @Test
    @Order(8)
    void pagesAssetsAndLimits() throws Exception {
        ConsoleHttp browser = browser();
        Answer home = browser.get("/");
        assertEquals(303, home.status());
        Answer signIn = browser.get("/signin");
        assertEquals(200, signIn.status());
        assertTrue(signIn.raw().body().contains("data-testid=\"login-email\""));
        assertTrue(signIn.header("Content-Security-Policy").contains("default-src 'self'"));
        assertEquals("nosniff", signIn.header("X-Content-Type-Options"));
        assertEquals("DENY", signIn.header("X-Frame-Options"));
        assertTrue(signIn.setCookies().stream().anyMatch(c -> c.startsWith("coffer_csrf=")));
        assertTrue(browser.get("/signup").raw().body().contains("data-testid=\"signup-submit\""));
        Answer css = browser.get("/assets/console.css");
        assertEquals(200, css.status());
        assertTrue(css.header("Content-Type").startsWith("text/css"));
        assertTrue(browser.get("/assets/home.js").header("Content-Type").startsWith("text/javascript"));
        for (String path : List.of("/assets/..%2Fpages%2Fhome.html", "/assets/%2e%2e%2fpages%2fhome.html",
                "/assets/Console.css", "/assets/nothing.js", "/assets/console.css.map", "/pages/home.html",
                "/console/pages/home.html", "/assets/..%5Cpages%5Chome.html", "/coffer/gateway/CofferServer.class",
                "/assets/logback.xml")) {
            Answer a = browser.get(path);
            assertTrue(a.status() == 404 || a.status() == 400, path + " -> " + a.status());
            assertFalse(a.raw().body().contains("data-testid") || a.raw().body().contains("<configuration"), path);
        }

        browser.ensureCsrf();
        Answer tooLarge = browser.postBytes("/api/signin", new byte[20 * 1024]);
        assertEquals(413, tooLarge.status());
        assertEquals("EntityTooLarge", tooLarge.code());
        // Over the port's 64 KiB the answer comes before the body is read (and the connection closes), so a client
        // still sending may see a reset instead: sent as a bare head on a socket.
        assertEquals(413, browser.rawHead(gateway.server().consolePort(),
                "POST /api/signin HTTP/1.1\r\nContent-Length: 200000\r\n"));
        Answer unknown = browser.get("/api/nothing");
        assertEquals(404, unknown.status());
        assertEquals("NoSuchRoute", unknown.code());
    }

    @Test
    @Order(9)
    void bucketsAndSmallUploadsBelongToTheSignedInAccount() throws Exception {
        ConsoleHttp owner = browser();
        assertEquals(201, owner.signUp("files-owner@example.org", PASSWORD).status());
        Answer bad = owner.post("/api/buckets", Map.of("name", "Not_Valid"));
        assertEquals(400, bad.status());
        assertEquals("InvalidBucketName", bad.code());
        assertEquals("name", bad.json().path("error").path("field").asText());
        assertEquals(201, owner.post("/api/buckets", Map.of("name", "api-files")).status());
        assertEquals("BucketAlreadyOwnedByYou", owner.post("/api/buckets", Map.of("name", "api-files")).code());
        assertEquals("api-files", owner.get("/api/buckets").json().path("buckets").get(0).path("name").asText());

        assertEquals(201, owner.put("/api/buckets/api-files/objects?key=a%2Fb.txt", new byte[10]).status());
        Answer stored = owner.put("/api/buckets/api-files/objects?key=c.txt", "hello".getBytes());
        assertEquals(201, stored.status(), stored.raw().body());
        assertEquals(5, stored.json().path("size").asLong());
        Answer root = owner.get("/api/buckets/api-files/objects");
        assertEquals("a/", root.json().path("folders").get(0).asText());
        assertEquals("c.txt", root.json().path("objects").get(0).path("key").asText());
        assertEquals(1, root.json().path("objects").size());
        Answer folder = owner.get("/api/buckets/api-files/objects?prefix=a%2F");
        assertEquals("a/b.txt", folder.json().path("objects").get(0).path("key").asText());
        Answer usage = owner.get("/api/usage");
        assertEquals(15, usage.json().path("usedBytes").asLong());
        assertEquals(2, usage.json().path("objectCount").asLong());

        ConsoleHttp stranger = browser();
        assertEquals(201, stranger.signUp("files-stranger@example.org", PASSWORD).status());
        assertEquals("BucketAlreadyExists", stranger.post("/api/buckets", Map.of("name", "api-files")).code());
        Answer peek = stranger.get("/api/buckets/api-files/objects");
        assertEquals(404, peek.status());
        assertEquals("NoSuchBucket", peek.code());
        assertEquals("NoSuchBucket", stranger.put("/api/buckets/api-files/objects?key=x", new byte[1]).code());
        assertEquals(0, stranger.get("/api/buckets").json().path("buckets").size());
        assertEquals(403, owner.post("/api/buckets", Map.of("name", "no-csrf"), null).status());
        assertEquals(401, browser().get("/api/buckets").status());

        int port = gateway.server().consolePort();
        assertEquals(413, owner.rawHead(port, "PUT /api/buckets/api-files/objects?key=big HTTP/1.1\r\n"
                + "Content-Length: 33554433\r\n"), "a declared length over 32 MiB is refused unread");
        assertEquals(411, owner.rawHead(port, "PUT /api/buckets/api-files/objects?key=chunked HTTP/1.1\r\n"
                + "Transfer-Encoding: chunked\r\n"));
        assertEquals(413, owner.rawHead(port, "POST /api/buckets HTTP/1.1\r\nContent-Length: 65537\r\n"));

        String name = gateway.server().store().accounts().findByEmail("files-owner@example.org").get(0).name();
        gateway.server().store().accounts().setQuota(name, 20L);
        Answer full = owner.put("/api/buckets/api-files/objects?key=d.txt", new byte[100]);
        assertEquals(403, full.status());
        assertEquals("QuotaExceeded", full.code());
        assertEquals(2, owner.get("/api/usage").json().path("objectCount").asLong(), "nothing stored");
    }

    @Test
    @Order(100)
    void signInIsThrottledPerAddressAfterFailures() throws Exception {
        Answer last = null;
        int attempts = 0;
        while (attempts < PER_ADDRESS + 1) {
            last = browser().signIn("unknown-" + attempts + "@example.org", PASSWORD);
            attempts++;
            if (last.status() == 429) {
                break;
            }
            assertEquals(401, last.status());
        }
        assertNotNull(last);
        assertEquals(429, last.status(), "refused within " + PER_ADDRESS + " failures from one address");
        assertEquals("TooManySignIns", last.code());
        Answer rightPassword = browser().signIn("grace@example.org", PASSWORD);
        assertEquals(429, rightPassword.status(), "the address waits, whichever account it tries");
    }

    @Test
    @Order(101)
    void noPasswordOrTokenReachedTheLog() throws Exception {
        java.nio.file.Path log = java.nio.file.Path.of("target", "test-gateway.log");
        String text = java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
        assertFalse(text.contains(PASSWORD), "the password is in " + log);
        assertTrue(ConsoleHttp.SEEN_TOKENS.size() > 10, "tokens were handed out");
        for (String token : ConsoleHttp.SEEN_TOKENS) {
            assertFalse(text.contains(token), "a session or CSRF token is in " + log);
        }
    }

    private static Optional<String> passwordHash(String email) throws Exception {
        try (Connection c = SharedMariaDb.adminConnection(gateway.jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT password_hash FROM console_user WHERE email = ?")) {
            s.setString(1, email);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }
}
