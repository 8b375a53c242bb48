package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ConsoleConfig;
import coffer.gateway.config.TlsConfig;
import coffer.it.console.ConsoleHttp.Answer;
import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.SharedMariaDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console over HTTPS with invitation-only sign-up (docs/console.md, "HTTPS", "Invitations and claim links"): one
 * gateway with a self-signed certificate, whose console port then speaks HTTPS only and sets Secure cookies;
 * invitations made through the admin API, used once, refused when reused, expired, malformed or for another
 * address; the claim link of a restored legacy account setting its owner's password, once.
 */
class InviteApiIT {
    private static final String PASSWORD = "an invited person's password";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config
                    .tls(new TlsConfig(0, Optional.empty(), Optional.empty(), true, List.of("127.0.0.1")))
                    .console(ConsoleConfig.ephemeral().withSignUp(ConsoleConfig.SignUp.INVITE)))
            .build();

    private static HttpClient https;

    @BeforeAll
    static void trustTheCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(gateway.dataDir().resolve("tls").resolve("cert.pem"))) {
            store.setCertificateEntry("coffer", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static ConsoleHttp browser() {
        return new ConsoleHttp(URI.create("https://127.0.0.1:" + gateway.server().consolePort()), https);
    }

    private static String invite(String email) throws Exception {
        AdminHttp.Answer made = gateway.admin().post("/v1/console/invitations",
                email == null ? "{}" : "{\"email\": \"" + email + "\"}");
        assertEquals(201, made.status(), made.raw().body());
        String url = made.json().path("url").asText();
        assertTrue(url.startsWith("https://127.0.0.1:" + gateway.server().consolePort() + "/signup#invitation="),
                url);
        return url.substring(url.indexOf('=') + 1);
    }

    private static Answer signUp(ConsoleHttp b, String email, String invitation) throws Exception {
        b.ensureCsrf();
        return b.post("/api/signup", invitation == null ? Map.of("email", email, "password", PASSWORD)
                : Map.of("email", email, "password", PASSWORD, "invitation", invitation));
    }

    @Test
    void theConsoleSpeaksHttpsWithSecureCookiesAndOnlyInvitedPeopleSignUp() throws Exception {
        ConsoleHttp first = browser();
        Answer anonymous = first.get("/api/session");
        assertTrue(anonymous.setCookies().stream().allMatch(c -> c.contains("; Secure")), anonymous.setCookies()
                .toString());
        assertThrows(IOException.class, () -> new ConsoleHttp(gateway.server().consolePort()).get("/api/session"),
                "no plain HTTP on the console port");
        assertEquals("SignUpByInvitation", signUp(first, "nobody@example.org", null).code());

        String forAnyone = invite(null);
        Answer joined = signUp(first, "invited@example.org", forAnyone);
        assertEquals(201, joined.status(), joined.raw().body());
        assertTrue(joined.setCookies().stream().filter(c -> c.startsWith("coffer_session="))
                .allMatch(c -> c.contains("; Secure") && c.contains("HttpOnly")), joined.setCookies().toString());
        assertEquals("InvitationUsed", signUp(browser(), "second@example.org", forAnyone).code());

        String forAda = invite("Ada@Example.org");
        assertEquals("InvitationForAnotherAddress", signUp(browser(), "eve@example.org", forAda).code());
        assertEquals(201, signUp(browser(), "ada@example.org", forAda).status());

        assertEquals("InvalidInvitation", signUp(browser(), "x@example.org", "A".repeat(43)).code());
        assertEquals("InvalidInvitation", signUp(browser(), "x@example.org", "short").code());
        String late = invite(null);
        try (Connection c = SharedMariaDb.adminConnection(gateway.jdbcUrl());
             PreparedStatement s = c.prepareStatement("UPDATE console_invitation SET expires = NOW(3) - INTERVAL 1"
                     + " SECOND WHERE used IS NULL AND kind = 'invite'")) {
            assertEquals(1, s.executeUpdate());
        }
        Answer expired = signUp(browser(), "late@example.org", late);
        assertEquals(403, expired.status());
        assertEquals("InvitationExpired", expired.code());
        assertEquals(400, gateway.admin().post("/v1/console/invitations", "{\"email\": \"not an address\"}")
                .status());
    }

    @Test
    void aRestoredLegacyAccountIsClaimedOnceWithItsLinkAndIsPremium() throws Exception {
        AdminHttp.Answer report = gateway.admin().post("/v1/restore?source=legacy.csv",
                "legacy_id,email,display_name,closed_at\nL-7,grace@example.org,Grace,2020-06-01\n");
        assertEquals(200, report.status(), report.raw().body());
        String url = report.json().path("restored").get(0).path("claimUrl").asText();
        assertTrue(url.startsWith("https://127.0.0.1:" + gateway.server().consolePort() + "/claim#"), url);
        String token = url.substring(url.indexOf('#') + 1);

        ConsoleHttp owner = browser();
        assertEquals(200, owner.get("/claim").status(), "the claim page opens without a session");
        assertEquals("InvalidInvitation", signUp(browser(), "grace@example.org", token).code(),
                "a claim link is no invitation");
        Answer claimed = owner.post("/api/claim", Map.of("token", token, "password", PASSWORD));
        assertEquals(201, claimed.status(), claimed.raw().body());
        assertEquals("grace@example.org", claimed.json().path("email").asText());
        assertEquals("premium", owner.get("/api/usage").json().path("plan").asText());
        assertEquals("legacy-L-7", claimed.json().path("account").path("name").asText());

        ConsoleHttp again = browser();
        again.ensureCsrf();
        assertEquals("InvitationUsed", again.post("/api/claim", Map.of("token", token, "password", "another one!"))
                .code());
        assertEquals(200, again.signIn("grace@example.org", PASSWORD).status());
        JsonNode session = again.get("/api/session").json();
        assertEquals("premium", session.path("account").path("plan").asText());
    }
}
