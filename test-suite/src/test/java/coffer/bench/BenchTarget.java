package coffer.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 service to measure: a display name, its endpoints (one, or several gateways of one cluster that the load
 * is split over), the keys to sign with, and the server processes whose CPU time is reported per phase (role name
 * to pids, e.g. "gateways" to the gateways' pids; {@link ServerCpu}). Parsed from
 * {@code name=http://host:port[+http://host2:port...],ACCESS,SECRET}. {@link #toString()} leaves the secret out.
 */
record BenchTarget(String name, List<URI> endpoints, String accessKey, String secretKey,
                   Map<String, List<Long>> processes) {
    BenchTarget {
        endpoints = List.copyOf(endpoints);
        processes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(processes));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a target needs an endpoint");
        }
    }

    BenchTarget(String name, URI endpoint, String accessKey, String secretKey) {
        this(name, List.of(endpoint), accessKey, secretKey, Map.of());
    }

    static BenchTarget parse(String spec) {
        int eq = spec.indexOf('=');
        String[] parts = spec.substring(eq + 1).split(",", 3);
        if (eq <= 0 || parts.length != 3) {
            throw new IllegalArgumentException("a target is name=http://host:port[+http://host2:port...],ACCESS_KEY,"
                    + "SECRET_KEY");
        }
        List<URI> endpoints = new ArrayList<>();
        for (String url : parts[0].split("\\+")) {
            endpoints.add(URI.create(url));
        }
        return new BenchTarget(spec.substring(0, eq), endpoints, parts[1], parts[2], Map.of());
    }

    /** The first endpoint (the only one of a single-server target). */
    URI endpoint() {
        return endpoints.get(0);
    }

    /** This target with {@code role}'s processes added to those whose CPU is reported. */
    BenchTarget withProcesses(String role, List<Long> pids) {
        Map<String, List<Long>> all = new LinkedHashMap<>(processes);
        all.put(role, List.copyOf(pids));
        return new BenchTarget(name, endpoints, accessKey, secretKey, all);
    }

    /** A client of the first endpoint. */
    S3Client client() {
        return client(endpoint());
    }

    /** One client per endpoint, in order. */
    List<S3Client> clients() {
        return endpoints.stream().map(this::client).toList();
    }

    /**
     * The AWS SDK v2 (Apache HTTP client, path-style) with checksums only where an operation requires them, so
     * that the client spends as little CPU as the SDK allows; the same client measures every target. The default
     * HTTP client (Apache, 50 connections) is enough for the default 16 threads.
     */
    private S3Client client(URI endpoint) {
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
        return name + endpoints;
    }
}
