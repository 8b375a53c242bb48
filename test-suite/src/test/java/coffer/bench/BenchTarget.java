package coffer.bench;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 endpoint to measure: a display name, its URL and the keys to sign with. Parsed from
 * {@code name=http://host:port,ACCESS,SECRET}. {@link #toString()} leaves the secret out.
 */
record BenchTarget(String name, URI endpoint, String accessKey, String secretKey) {
    static BenchTarget parse(String spec) {
        int eq = spec.indexOf('=');
        String[] parts = spec.substring(eq + 1).split(",", 3);
        if (eq <= 0 || parts.length != 3) {
            throw new IllegalArgumentException("a target is name=http://host:port,ACCESS_KEY,SECRET_KEY");
        }
        return new BenchTarget(spec.substring(0, eq), URI.create(parts[0]), parts[1], parts[2]);
    }

    /**
     * The AWS SDK v2 (Apache HTTP client, path-style) with checksums only where an operation requires them, so
     * that the client spends as little CPU as the SDK allows; the same client measures every target. The default
     * HTTP client (Apache, 50 connections) is enough for the default 16 threads.
     */
    S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(30)))
                .build();
    }

    @Override
    public String toString() {
        return name + "(" + endpoint + ")";
    }
}
