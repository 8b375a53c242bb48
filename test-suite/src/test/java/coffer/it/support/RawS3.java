package coffer.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-built S3 requests, signed with the AWS SDK's own SigV4 signer and sent with the JDK's HTTP client: for
 * what the SDK's S3 client will not send (skewed clocks, wrong payload hashes, odd bodies).
 */
public final class RawS3 {
    /** Headers the JDK client sets itself and refuses to take from us. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "expect", "connection");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    public RawS3(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public record Result(int status, String body, Map<String, List<String>> headers) {
        public String errorCode() {
            int start = body.indexOf("<Code>");
            return start < 0 ? null : body.substring(start + 6, body.indexOf("</Code>", start));
        }
    }

    /** Signs a header-authenticated request; {@code signedPayload} null means UNSIGNED-PAYLOAD. */
    public SdkHttpRequest sign(SdkHttpMethod method, String rawPath, String rawQuery, Map<String, String> headers,
                        byte[] signedPayload, Clock clock) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method)
                .uri(URI.create(endpoint + rawPath + (rawQuery == null ? "" : "?" + rawQuery)));
        headers.forEach(request::putHeader);
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request.build())
                .payload(signedPayload == null ? null : ContentStreamProvider.fromByteArray(signedPayload))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, signedPayload != null)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, clock)).request();
    }

    /** A presigned URL valid for {@code expires} from {@code clock}'s now. */
    public URI presign(SdkHttpMethod method, String rawPath, Duration expires, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(method).uri(URI.create(endpoint + rawPath)).build();
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, clock)).request().getUri();
    }

    /** Sends a signed request with the given body (null for none; a streamed body goes chunked). */
    public static Result send(SdkHttpRequest signed, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri()).timeout(Duration.ofSeconds(30));
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        b.method(signed.method().name(), body == null ? HttpRequest.BodyPublishers.noBody() : body);
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Result(response.statusCode(), response.body(), response.headers().map());
    }

    public static Result get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Result(r.statusCode(), r.body(), r.headers().map());
    }

    public static Result put(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Result(r.statusCode(), r.body(), r.headers().map());
    }

    public static HttpRequest.BodyPublisher bytes(byte[] data) {
        return HttpRequest.BodyPublishers.ofByteArray(data);
    }

    /** A body of unknown length: the JDK client sends it with Transfer-Encoding: chunked. */
    public static HttpRequest.BodyPublisher streamed(String data) {
        return HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
    }
}
