package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Someone with write access to the catalog re-points an access key row to another account: the key's sealed secret
 * is bound to its account, so it no longer opens and every request signed with the key is refused (403), rather
 * than acting as the other account.
 */
class AccessKeyRepointIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client victim;

    @BeforeAll
    static void start() throws Exception {
        victim = gateway.s3();
        victim.createBucket(b -> b.bucket("victims"));
        victim.putObject(b -> b.bucket("victims").key("private.txt"), RequestBody.fromString("victim's data"));
    }

    @Test
    void aKeyRepointedToAnotherAccountInSqlIsRefused() throws Exception {
        JsonNode created = AdminHttp.of(gateway).post("/v1/accounts", "{\"name\":\"repointer\"}").json();
        String accessKey = created.at("/key/accessKeyId").asText();
        String secretKey = created.at("/key/secretKey").asText();
        try (S3Client attacker = gateway.client(accessKey, secretKey, false,
                RequestChecksumCalculation.WHEN_SUPPORTED)) {
            assertEquals(403, assertThrows(S3Exception.class,
                    () -> attacker.getObjectAsBytes(b -> b.bucket("victims").key("private.txt"))).statusCode());

            sql("UPDATE access_key SET account_id = (SELECT id FROM account WHERE name = 'owner')"
                    + " WHERE access_key_id = ?", accessKey);
            // Past the gateway's signing key cache (2 s).
            Thread.sleep(2_500);

            S3Exception e = assertThrows(S3Exception.class,
                    () -> attacker.getObjectAsBytes(b -> b.bucket("victims").key("private.txt")));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
            assertFalse(e.getMessage().contains("victim's data"));
            assertEquals(403, assertThrows(S3Exception.class, attacker::listBuckets).statusCode());
        }
        // The victim's own key is untouched.
        assertEquals("victim's data",
                victim.getObjectAsBytes(b -> b.bucket("victims").key("private.txt")).asUtf8String());
    }

    private static void sql(String statement, String param) throws SQLException {
        try (Connection c = gateway.catalogConnection();
             PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, param);
            assertEquals(1, ps.executeUpdate());
        }
    }
}
