package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.gateway.config.Limits;
import coffer.gateway.config.TlsConfig;
import coffer.it.support.RawS3;
import coffer.it.support.S3Clients;
import coffer.it.support.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * HTTPS with the self-signed certificate made on first start (the AWS SDK v2 trusting exactly that certificate;
 * a presigned URL over HTTPS), HTTPS alone, and the concurrency cap answering 503 SlowDown.
 */
class HttpsAndLimitsIT {
    private static final List<String> NAMES = List.of("localhost", "127.0.0.1");

    @Test
    void selfSignedHttpsServesTheSdkAndPresignedUrlsBesidePlainHttp() throws Exception {
        try (TestGateway gateway = TestGateway.start((dir, config) -> config.tls(
                new TlsConfig(0, Optional.empty(), Optional.empty(), true, NAMES)))) {
            Path certFile = gateway.dataDir().resolve("tls").resolve("cert.pem");
            Path keyFile = gateway.dataDir().resolve("tls").resolve("key.pem");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            X509Certificate cert = certificate(certFile);
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            assertEquals(Optional.of(fingerprint), gateway.server().tlsFingerprint());

            URI https = gateway.server().tlsEndpoint();
            try (S3Client s3 = sdk(https, certFile)) {
                s3.createBucket(b -> b.bucket("tls"));
                byte[] data = "over TLS".repeat(10_000).getBytes(StandardCharsets.UTF_8);
                s3.putObject(b -> b.bucket("tls").key("obj"), RequestBody.fromBytes(data));
                assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket("tls").key("obj")).asByteArray());
            }
            // Plain HTTP still serves the same data.
            try (S3Client plain = gateway.client()) {
                assertEquals(80_000, plain.getObjectAsBytes(b -> b.bucket("tls").key("obj")).asByteArray().length);
            }
            try (S3Presigner presigner = S3Presigner.builder().endpointOverride(https).region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
                URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> g.bucket("tls").key("obj"))).url().toURI();
                assertEquals("https", url.getScheme());
                HttpResponse<byte[]> r = jdkClient(certFile).send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode());
                assertEquals(80_000, r.body().length);
            }
        }
    }

    @Test
    void httpsAloneWithTheOperatorsPemFiles() throws Exception {
        // Another gateway's self-signed pair stands in for the operator's certificate and key.
        Path pem;
        try (TestGateway first = TestGateway.start((dir, config) -> config.tls(
                new TlsConfig(0, Optional.empty(), Optional.empty(), true, NAMES)))) {
            pem = first.dataDir().resolve("tls");
        }
        TlsConfig given = new TlsConfig(0, Optional.of(pem.resolve("cert.pem")), Optional.of(pem.resolve("key.pem")),
                false, NAMES);
        try (TestGateway gateway = TestGateway.start((dir, config) -> config.httpEnabled(false)
                .tls(given))) {
            assertEquals(-1, gateway.server().port(), "no plain HTTP");
            try (S3Client s3 = sdk(gateway.server().tlsEndpoint(), pem.resolve("cert.pem"))) {
                s3.createBucket(b -> b.bucket("only-tls"));
                assertEquals(List.of("only-tls"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
            }
        }
    }

    @Test
    void requestsBeyondTheCapAndItsQueueGet503SlowDown() throws Exception {
        Limits oneAtATime = new Limits(16 * 1024, Duration.ofSeconds(30), 1, 0, Duration.ofMillis(200),
                Duration.ofSeconds(5));
        try (TestGateway gateway = TestGateway.start((dir, config) -> config.limits(
                oneAtATime))) {
            try (S3Client s3 = gateway.client()) {
                s3.createBucket(b -> b.bucket("busy"));
            }
            URI put;
            try (S3Presigner presigner = gateway.presigner()) {
                put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(p -> p.bucket("busy").key("slow"))).url().toURI();
            }
            // One upload holds the only slot: its headers and first body byte are sent (Jetty dispatches a
            // request once content arrives), the rest waits.
            try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT " + put.getRawPath() + "?" + put.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                        + gateway.server().port() + "\r\nContent-Length: 10\r\n\r\nx")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                RawS3.Result refused = null;
                for (int attempt = 0; attempt < 50; attempt++) {
                    Thread.sleep(100);
                    refused = RawS3.get(URI.create(gateway.endpoint() + "/busy/slow"));
                    if (refused.status() == 503) {
                        break;
                    }
                }
                assertEquals(503, refused.status(), refused.body());
                assertEquals("SlowDown", refused.errorCode());
                out.write("xxxxxxxxx".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200", status);
            }
            try (S3Client s3 = gateway.client()) {
                assertEquals("xxxxxxxxxx", s3.getObjectAsBytes(b -> b.bucket("busy").key("slow")).asUtf8String());
            }
        }
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static TrustManagerFactory trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("coffer", certificate(pem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    @SuppressWarnings("deprecation") // the SDK's Apache 4 client: the one this test suite depends on
    private static S3Client sdk(URI endpoint, Path certFile) throws Exception {
        TrustManagerFactory tmf = trusting(certFile);
        return S3Clients.builder(endpoint, TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY)
                .httpClient(ApacheHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build())
                .build();
    }

    private static HttpClient jdkClient(Path certFile) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting(certFile).getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(TestGateway.ACCESS_KEY,
                TestGateway.SECRET_KEY));
    }
}
