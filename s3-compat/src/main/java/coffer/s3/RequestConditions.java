package coffer.s3;

import coffer.s3.error.S3Exception;
import coffer.s3.http.PercentCodec;
import coffer.s3.policy.PolicyRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One request as a bucket policy sees it (docs/policies.md, "Condition keys"): the caller, the action, the
 * resource's ARN, and the condition keys' values, read from the request only when a statement asks for them.
 * {@code aws:SourceIp} is the client's address as the gateway sees it, {@code aws:SecureTransport} whether the
 * request came over TLS; {@code s3:x-amz-*} keys are the request's headers of that name. Not thread-safe (one per
 * authorization).
 */
final class RequestConditions implements PolicyRequest {
    private static final String ARN = "arn:aws:s3:::";

    private final RequestContext ctx;
    private final int action;
    private final String resource;
    private final String prefix;
    private final Supplier<Map<String, String>> existingTags;
    private Map<String, String> requestTags;

    /**
     * @param key          the object addressed, or null for the bucket
     * @param prefix       s3:prefix when it is not the request's {@code prefix} (a missing key tested as a
     *                     listing), else null
     * @param existingTags the addressed object's tags (read when a condition asks), or null when there is none
     */
    RequestConditions(RequestContext ctx, int action, String bucket, String key, String prefix,
                      Supplier<Map<String, String>> existingTags) {
        this.ctx = ctx;
        this.action = action;
        this.resource = key == null ? ARN + bucket : ARN + bucket + "/" + key;
        this.prefix = prefix;
        this.existingTags = existingTags;
    }

    @Override
    public OptionalLong account() {
        return BucketAccess.caller(ctx);
    }

    @Override
    public int action() {
        return action;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public List<String> values(String key) {
        String value = switch (key) {
            case "aws:sourceip" -> ctx.request().remoteAddress();
            case "aws:securetransport" -> Boolean.toString(ctx.request().secure());
            case "aws:currenttime" -> Instant.now().toString();
            case "aws:epochtime" -> Long.toString(Instant.now().getEpochSecond());
            case "aws:referer" -> ctx.header("Referer");
            case "aws:useragent" -> ctx.header("User-Agent");
            case "aws:principaltype" -> account().isPresent() ? "Account" : "Anonymous";
            case "aws:principalaccount" -> account().isPresent()
                    ? String.format(Locale.ROOT, "%012d", account().getAsLong()) : null;
            case "s3:prefix" -> prefix != null ? prefix : listing() ? ctx.query().first("prefix").orElse("") : null;
            case "s3:delimiter" -> listing() ? ctx.query().get("delimiter") : null;
            case "s3:max-keys" -> listing() ? ctx.query().get("max-keys") : null;
            case "s3:versionid" -> ctx.query().get("versionId");
            case "s3:x-amz-copy-source" -> copySource();
            case "s3:requestobjecttagkeys" -> null;
            default -> null;
        };
        if (value != null) {
            return List.of(value);
        }
        if (key.equals("s3:requestobjecttagkeys")) {
            return requestTags().isEmpty() ? null : new ArrayList<>(requestTags().keySet());
        }
        if (key.startsWith("s3:x-amz-")) {
            List<String> headers = ctx.request().headers(key.substring(3));
            return headers.isEmpty() ? null : headers;
        }
        if (key.startsWith("s3:existingobjecttag/")) {
            String tag = existingTags == null ? null : existingTags.get().get(key.substring(21));
            return tag == null ? null : List.of(tag);
        }
        if (key.startsWith("s3:requestobjecttag/")) {
            String tag = requestTags().get(key.substring(20));
            return tag == null ? null : List.of(tag);
        }
        return null;
    }

    private boolean listing() {
        return switch (ctx.operation()) {
            case ListObjects, ListObjectsV2, ListObjectVersions, ListMultipartUploads -> true;
            default -> false;
        };
    }

    /** {@code x-amz-copy-source} as AWS tests it: {@code bucket/key}, decoded, without a version id. */
    private String copySource() {
        String header = ctx.header("x-amz-copy-source");
        if (header == null) {
            return null;
        }
        int query = header.indexOf('?');
        String path = query < 0 ? header : header.substring(0, query);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        try {
            return PercentCodec.decode(path, false);
        } catch (RuntimeException e) {
            return path;
        }
    }

    private Map<String, String> requestTags() {
        if (requestTags == null) {
            try {
                requestTags = TagSet.fromHeader(ctx.header("x-amz-tagging")).tags();
            } catch (S3Exception e) {
                requestTags = Map.of();
            }
        }
        return requestTags;
    }
}
