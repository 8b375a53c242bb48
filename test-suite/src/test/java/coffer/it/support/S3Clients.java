package coffer.it.support;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The one way the tests build an AWS SDK v2 client for a local gateway: its endpoint, us-east-1, static keys, path
 * style unless asked otherwise, and the SDK's defaults for everything else (checksums, retries, HTTP client), as a
 * user's client would have them. Stateless; each builder is the caller's to finish, and each client to close.
 */
public final class S3Clients {
    private S3Clients() {
    }

    /** Path style. */
    public static S3ClientBuilder builder(URI endpoint, String accessKey, String secretKey) {
        return builder(endpoint, accessKey, secretKey, false);
    }

    /** @param virtualHosted true to put the bucket in the host name, false for path style */
    public static S3ClientBuilder builder(URI endpoint, String accessKey, String secretKey, boolean virtualHosted) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(!virtualHosted).build());
    }

    /** Path style without retries: each call shows the gateway's first answer (and its latency). */
    public static S3ClientBuilder withoutRetries(URI endpoint, String accessKey, String secretKey) {
        return builder(endpoint, accessKey, secretKey)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
}
