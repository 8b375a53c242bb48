package coffer.it.support;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * SDK v2 client builders whose Apache HTTP client resolves every host name to 127.0.0.1, so that virtual-hosted
 * requests to {@code bucket.s3.test} reach the local gateway while the SDK still sends {@code Host: bucket.s3.test}
 * (and signs it). Stateless; each builder is the caller's to finish and close.
 */
public final class LoopbackClients {
    private LoopbackClients() {
    }

    /**
     * A builder with the test credentials, us-east-1 and the default checksum settings.
     *
     * @param endpoint      for virtual-hosted style, {@code http://<domain>:<port>}; for path style, the gateway's
     * @param virtualHosted true to put the bucket in the host name, false for path style
     */
    public static S3ClientBuilder builder(URI endpoint, boolean virtualHosted) {
        return builder(endpoint, virtualHosted, Duration.ofSeconds(30));
    }

    /** As {@link #builder(URI, boolean)}, with the given socket read timeout (the SDK's default is 30 s). */
    @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is what the SDK picks by default, so test with it
    public static S3ClientBuilder builder(URI endpoint, boolean virtualHosted, Duration socketTimeout) {
        InetAddress[] loopback = {InetAddress.getLoopbackAddress()};
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(!virtualHosted).build())
                .httpClientBuilder(ApacheHttpClient.builder().dnsResolver(host -> loopback)
                        .socketTimeout(socketTimeout));
    }
}
