package coffer.it.support;

import coffer.gateway.CofferServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A running in-process gateway as the tests see it: its server, data directory and catalog database, and the
 * clients that reach it. {@link TestGateway} is one a test starts itself; {@link GatewayExtension} is the one per
 * test class that JUnit starts and stops. Clients returned here belong to the caller, who closes them.
 */
public interface Gateway {
    String ACCESS_KEY = "COFFERTESTACCESSKEY1";
    String SECRET_KEY = "test-secret-key-0123456789abcdefghijklmn";

    CofferServer server();

    Path dataDir();

    /** The gateway's catalog database, for tests that watch it directly ({@link #catalogConnection}). */
    String jdbcUrl();

    default URI endpoint() {
        return server().endpoint();
    }

    /** The admin API's base URL. */
    default URI adminEndpoint() {
        return URI.create("http://127.0.0.1:" + server().adminPort());
    }

    /** The file the first start wrote the admin token to. */
    default Path adminTokenFile() {
        return dataDir().resolve("admin.token");
    }

    /** The admin API with the admin token ({@link AdminHttp}, the one admin client of the tests). */
    default AdminHttp admin() throws IOException {
        return AdminHttp.of(this);
    }

    /** The catalog database as the test-only superuser of the shared MariaDB ({@link SharedMariaDb}). */
    default Connection catalogConnection() throws SQLException {
        return SharedMariaDb.adminConnection(jdbcUrl());
    }

    /** The AWS SDK v2 with its default settings (CRC32 trailers over aws-chunked), path-style. */
    default S3Client client() {
        return client(ACCESS_KEY, SECRET_KEY, false, RequestChecksumCalculation.WHEN_SUPPORTED);
    }

    /** The AWS SDK v2 computing checksums only when an operation requires them. */
    default S3Client clientWhenRequired() {
        return client(ACCESS_KEY, SECRET_KEY, false, RequestChecksumCalculation.WHEN_REQUIRED);
    }

    default S3Client client(String accessKey, String secretKey, boolean virtualHosted,
                            RequestChecksumCalculation checksums) {
        return S3Clients.builder(endpoint(), accessKey, secretKey, virtualHosted)
                .requestChecksumCalculation(checksums)
                .responseChecksumValidation(checksums == RequestChecksumCalculation.WHEN_SUPPORTED
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    default S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
