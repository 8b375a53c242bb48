package coffer.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal AWS Signature Version 2 client for tests, written from AWS's description (not from the gateway's
 * code): path-style requests, the sub-resource passed in {@code signedQuery} is the one signed.
 */
public final class SigV2Client {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    public SigV2Client(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Sends a header-signed request.
     *
     * @param path        the raw path, {@code /bucket/key}
     * @param query       the raw query (without {@code ?}), may be empty; it must be exactly the sub-resources
     *                    to sign
     * @param headers     extra headers (Content-Type, Content-MD5, x-amz-*)
     * @param time        the request time sent as Date
     */
    public RawS3.Result send(String method, String path, String query, Map<String, String> headers, byte[] body,
                      Instant time) throws IOException, InterruptedException {
        String date = HTTP_DATE.format(time);
        String signature = sign(method, headers.getOrDefault("Content-MD5", ""),
                headers.getOrDefault("Content-Type", ""), date, amzHeaders(headers),
                path + (query.isEmpty() ? "" : "?" + query));
        return sendSigned(method, path, query, headers, body, date, "AWS " + accessKey + ":" + signature);
    }

    public RawS3.Result sendSigned(String method, String path, String query, Map<String, String> headers, byte[] body,
                            String date, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path + (query.isEmpty() ? "" : "?"
                + query))).timeout(Duration.ofSeconds(30)).header("Date", date).header("Authorization", authorization);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new RawS3.Result(r.statusCode(), r.body(), r.headers().map());
    }

    /** A query-string-signed URL for GET {@code path}, valid until {@code expires}. */
    public URI presignGet(String path, Instant expires) {
        String signature = sign("GET", "", "", Long.toString(expires.getEpochSecond()), "", path);
        return URI.create(endpoint + path + "?AWSAccessKeyId=" + accessKey + "&Expires=" + expires.getEpochSecond()
                + "&Signature=" + java.net.URLEncoder.encode(signature, StandardCharsets.UTF_8));
    }

    private static String amzHeaders(Map<String, String> headers) {
        Map<String, String> sorted = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-")) {
                sorted.put(lower, value.trim());
            }
        });
        StringBuilder out = new StringBuilder();
        sorted.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    private String sign(String method, String md5, String type, String date, String amzHeaders, String resource) {
        String stringToSign = method + "\n" + md5 + "\n" + type + "\n" + date + "\n" + amzHeaders + resource;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
