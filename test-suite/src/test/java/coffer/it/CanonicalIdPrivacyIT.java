package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * Canonical ids tell nothing about accounts: they are 64 random hex digits, not the sequential account id, and a
 * grant to an e-mail address nobody (live) has is answered exactly as AWS answers it, whether the address never
 * existed or belonged to a deleted account. Accounts made before the ids existed get theirs at the next start, and
 * the ACLs that name them keep working.
 */
class CanonicalIdPrivacyIT {

    @Test
    void canonicalIdsAreOpaqueAndUnknownAddressesAnswerAsAws() throws Exception {
        try (TestGateway gateway = TestGateway.start(); S3Client owner = gateway.client()) {
            JsonNode first = AdminHttp.of(gateway)
                    .post("/v1/accounts", "{\"name\":\"opaque-one\",\"email\":\"one@opaque.example\"}").json();
            JsonNode second = AdminHttp.of(gateway)
                    .post("/v1/accounts", "{\"name\":\"opaque-two\",\"email\":\"two@opaque.example\"}").json();
            String one = canonicalId(gateway, first);
            String two = canonicalId(gateway, second);
            for (JsonNode account : List.of(first, second)) {
                long id = account.at("/id").asLong();
                String shown = canonicalId(gateway, account);
                assertTrue(shown.matches("[0-9a-f]{64}"), shown);
                assertNotEquals(String.format("%064x", id), shown, "the sequential id must not show");
                assertFalse(shown.startsWith("000000000000"), shown);
            }
            assertNotEquals(one, two);

            owner.createBucket(b -> b.bucket("opaque"));
            String ownerId = owner.listBuckets().owner().id();
            // The old, sequential form of an existing account's id names nobody.
            assertEquals("InvalidArgument", failure(() -> owner.putBucketAcl(b -> b.bucket("opaque")
                    .grantRead("id=" + String.format("%064x", first.at("/id").asLong())))));

            // An address of a deleted account is answered as one that never existed; neither repeats the address.
            AdminHttp.of(gateway).delete("/v1/accounts/opaque-two");
            S3Exception unknown = emailGrant(owner, ownerId, "never@opaque.example");
            S3Exception deleted = emailGrant(owner, ownerId, "two@opaque.example");
            for (S3Exception e : List.of(unknown, deleted)) {
                assertEquals(400, e.statusCode());
                assertEquals("UnresolvableGrantByEmailAddress", e.awsErrorDetails().errorCode());
                assertEquals("The email address you provided does not match any account on record.",
                        e.awsErrorDetails().errorMessage());
            }
            // A live address resolves, and is shown as the account's opaque id.
            owner.putBucketAcl(b -> b.bucket("opaque").accessControlPolicy(policy(ownerId,
                    Grant.builder().grantee(g -> g.type(Type.AMAZON_CUSTOMER_BY_EMAIL)
                            .emailAddress("one@opaque.example")).permission(Permission.READ).build())));
            assertEquals(List.of(one), owner.getBucketAcl(b -> b.bucket("opaque")).grants().stream()
                    .map(g -> g.grantee().id()).toList());
        }
    }

    @Test
    void accountsFromBeforeTheUpgradeGetAnIdAndKeepTheirGrants() throws Exception {
        TestGateway gateway = TestGateway.start();
        try {
            JsonNode reader = AdminHttp.of(gateway).post("/v1/accounts", "{\"name\":\"upgraded-reader\"}").json();
            String readerId = canonicalId(gateway, reader);
            try (S3Client owner = gateway.client()) {
                owner.createBucket(b -> b.bucket("upgraded"));
                owner.putBucketAcl(b -> b.bucket("upgraded").grantRead("id=" + readerId));
            }
            // As a catalog migrated to V15 looks before the gateway's first start on it.
            try (Connection c = gateway.catalogConnection();
                 Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE account SET canonical_id = NULL");
            }
            gateway = gateway.restart();

            String newId = canonicalId(gateway, reader);
            assertTrue(newId.matches("[0-9a-f]{64}"), newId);
            try (S3Client owner = gateway.client(); S3Client readerClient = client(gateway, reader)) {
                assertEquals(List.of(newId), owner.getBucketAcl(b -> b.bucket("upgraded")).grants().stream()
                        .map(g -> g.grantee().id()).toList(), "the stored grant names the same account");
                assertEquals(0, readerClient.listObjectsV2(b -> b.bucket("upgraded")).keyCount());
            }
        } finally {
            gateway.close();
        }
    }

    private static String canonicalId(TestGateway gateway, JsonNode created) {
        try (S3Client s3 = client(gateway, created)) {
            return s3.listBuckets().owner().id();
        }
    }

    private static S3Client client(TestGateway gateway, JsonNode created) {
        return gateway.client(created.at("/key/accessKeyId").asText(), created.at("/key/secretKey").asText(), false,
                RequestChecksumCalculation.WHEN_SUPPORTED);
    }

    private static S3Exception emailGrant(S3Client owner, String ownerId, String address) {
        return assertThrows(S3Exception.class, () -> owner.putBucketAcl(b -> b.bucket("opaque")
                .accessControlPolicy(policy(ownerId, Grant.builder().grantee(g -> g.type(Type.AMAZON_CUSTOMER_BY_EMAIL)
                        .emailAddress(address)).permission(Permission.READ).build()))));
    }

    private static AccessControlPolicy policy(String ownerId, Grant grant) {
        return AccessControlPolicy.builder().owner(Owner.builder().id(ownerId).build()).grants(grant).build();
    }

    private static String failure(Runnable op) {
        return assertThrows(S3Exception.class, op::run).awsErrorDetails().errorCode();
    }
}
