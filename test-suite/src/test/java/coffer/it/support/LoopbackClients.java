package coffer.it.support;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

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
        return S3Clients.builder(endpoint, Gateway.ACCESS_KEY, Gateway.SECRET_KEY, virtualHosted)
                .httpClientBuilder(ApacheHttpClient.builder().dnsResolver(host -> loopback)
                        .socketTimeout(socketTimeout));
    }
}
