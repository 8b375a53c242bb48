package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The admin API over raw HTTP: authentication, JSON answers, status codes and error documents. */
class AdminApiIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        admin = gateway.admin();
    }

    @Test
    void theTokenFileIsPrivateAndEveryRouteNeedsTheToken() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                gateway.adminTokenFile())));
        for (AdminHttp client : new AdminHttp[] {admin.withToken(null), admin.withToken("wrong-token-0123456789")}) {
            for (String path : new String[] {"/v1/accounts", "/v1/accounts/owner", "/v1/no-such-route"}) {
                AdminHttp.Answer a = client.get(path);
                assertEquals(401, a.status(), path);
                assertEquals("Unauthorized", a.json().at("/error/code").asText());
                assertTrue(a.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            }
        }
        assertEquals(200, admin.get("/v1/accounts").status());
        assertEquals(404, admin.get("/v1/no-such-route").status(), "with the token, unknown routes are 404");
        assertEquals("application/json", admin.get("/v1/no-such-route").raw().headers()
                .firstValue("Content-Type").orElse("").split(";")[0]);
    }

    @Test
    void createShowListAndErrors() throws Exception {
        AdminHttp.Answer created = admin.post("/v1/accounts",
                "{\"name\":\"api-alice\",\"email\":\"alice@example.com\",\"quota\":\"5GiB\"}");
        assertEquals(201, created.status(), created.raw().body());
        JsonNode a = created.json();
        assertEquals("api-alice", a.get("name").asText());
        assertEquals("free", a.get("plan").asText());
        assertEquals(5L << 30, a.get("quotaBytes").asLong());
        assertEquals("active", a.get("state").asText());
        String accessKey = a.at("/key/accessKeyId").asText();
        String secret = a.at("/key/secretKey").asText();
        assertEquals(40, secret.length());

        try (S3Client s3 = gateway.client(accessKey, secret, false, RequestChecksumCalculation.WHEN_SUPPORTED)) {
            s3.createBucket(b -> b.bucket("api-alice-bucket"));
            s3.putObject(b -> b.bucket("api-alice-bucket").key("k"), RequestBody.fromString("12345"));
        }

        JsonNode shown = admin.get("/v1/accounts/api-alice").json();
        assertEquals(accessKey, shown.at("/keys/0/accessKeyId").asText());
        assertFalse(shown.toString().contains(secret), "show never returns a secret");
        assertEquals("alice@example.com", shown.get("email").asText());

        JsonNode list = admin.get("/v1/accounts").json().get("accounts");
        assertTrue(list.size() >= 2);
        assertFalse(list.toString().contains(secret));

        assertError(admin.post("/v1/accounts", "{\"name\":\"api-alice\"}"), 409, "AccountAlreadyExists", "name");
        assertError(admin.post("/v1/accounts", "{\"name\":\"bad name\"}"), 400, "InvalidArgument", "name");
        assertError(admin.post("/v1/accounts", "{\"email\":\"x@example.com\"}"), 400, "InvalidArgument", "name");
        assertError(admin.post("/v1/accounts", "{\"name\":\"q\",\"quota\":\"lots\"}"), 400, "InvalidArgument",
                "quota");
        assertError(admin.post("/v1/accounts", "{\"name\":\"p\",\"plan\":\"gold\"}"), 400, "NoSuchPlan", "plan");
        assertError(admin.post("/v1/accounts", "not json"), 400, "InvalidArgument", null);
        assertError(admin.get("/v1/accounts/nobody"), 404, "NoSuchAccount", null);
        assertError(admin.post("/v1/accounts/nobody/suspend", ""), 404, "NoSuchAccount", null);
        assertError(admin.delete("/v1/keys/CFNOSUCHKEY000000000"), 404, "NoSuchAccessKey", null);
    }

    @Test
    void quotaPlanPlansUsageReconcileAndAudit() throws Exception {
        assertEquals(201, admin.post("/v1/accounts", "{\"name\":\"api-bob\"}").status());
        JsonNode q = admin.put("/v1/accounts/api-bob/quota", "{\"quota\":1000}").json();
        assertEquals(1000, q.get("quotaBytes").asLong());
        JsonNode p = admin.put("/v1/accounts/api-bob/plan", "{\"plan\":\"premium\"}").json();
        assertEquals("premium", p.get("plan").asText());
        assertEquals(1000, p.get("quotaBytes").asLong(), "the account's own quota still wins");
        JsonNode cleared = admin.put("/v1/accounts/api-bob/quota", "{\"quota\":null}").json();
        assertEquals(1_099_511_627_776L, cleared.get("quotaBytes").asLong());
        assertError(admin.put("/v1/accounts/api-bob/quota", "{}"), 400, "InvalidArgument", "quota");
        assertError(admin.put("/v1/accounts/api-bob/plan", "{\"plan\":\"gold\"}"), 400, "NoSuchPlan", "plan");

        JsonNode plans = admin.get("/v1/plans").json().get("plans");
        assertEquals("free", plans.get(0).get("name").asText());
        assertEquals(107_374_182_400L, plans.get(0).get("quotaBytes").asLong());
        assertError(admin.put("/v1/plans/gold", "{\"quota\":1}"), 404, "NoSuchPlan", null);

        JsonNode usage = admin.get("/v1/usage").json().get("accounts");
        assertNotNull(usage.get(0).get("usage").get("usedBytes"));
        JsonNode reconcile = admin.post("/v1/usage/reconcile", "").json();
        assertEquals(reconcile.get("accounts").size(), usage.size());

        JsonNode audit = admin.get("/v1/audit?limit=50").json().get("entries");
        assertTrue(audit.toString().contains("account.plan"), audit.toString());
        assertTrue(audit.toString().contains("usage.reconcile"));
    }

    private static void assertError(AdminHttp.Answer a, int status, String code, String field) {
        assertEquals(status, a.status(), a.raw().body());
        assertEquals(code, a.json().at("/error/code").asText(), a.raw().body());
        if (field != null) {
            assertEquals(field, a.json().at("/error/field").asText(), a.raw().body());
        }
        assertFalse(a.json().at("/error/message").asText().isEmpty());
    }
}
