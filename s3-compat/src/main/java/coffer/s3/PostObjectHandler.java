package coffer.s3;

import coffer.s3.auth.AuthResult;
import coffer.s3.auth.Authenticator;
import coffer.s3.auth.BodyChecksums;
import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.RequestTarget;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * PostObject: a browser form upload to {@code POST /bucket}. The HTTP request is anonymous; the form carries a
 * policy signed by an access key, and the upload runs as that key's account. A form without policy or signature
 * is an anonymous upload, allowed only into a bucket whose ACL lets everyone write. The {@code acl} field names
 * the object's canned ACL, {@code tagging} its tags (a Tagging document), {@code x-amz-checksum-<alg>} the file's
 * checksum (verified; {@link PostFileChecksum}).
 * <ol>
 *   <li>read the fields up to {@code file} ({@link PostForm});</li>
 *   <li>verify the policy's signature ({@link Authenticator#verifyPostPolicy}) before parsing anything in it;
 *       the signer passes the same gate as any signed caller (a suspended account may not write; the access
 *       log names it); then parse the policy and check its expiration (past, or more than 7 days ahead);</li>
 *   <li>the signer needs WRITE on the bucket ({@link BucketAccess}); {@code ${filename}} in the key becomes the
 *       file's name;</li>
 *   <li>every policy condition must hold and every field must be covered by one ({@link PostPolicy});</li>
 *   <li>the file streams into the store, its size bounded by {@code content-length-range} (else 5 GiB), found
 *       at EOF, so a file outside the range is never committed;</li>
 *   <li>answer: 303 to {@code success_action_redirect}, else {@code success_action_status} 200, 201 (XML) or
 *       204 (the default).</li>
 * </ol>
 * Thread-safe.
 */
final class PostObjectHandler {
    private static final String META_PREFIX = "x-amz-meta-";
    /** Reads the {@code tagging} field, a Tagging document as PutObjectTagging's body. */
    private static final XmlReader TAGGING_XML = new XmlReader(PostForm.MAX_FIELD_BYTES);

    private final ObjectStorage store;
    private final BucketAccess access;
    private final Authenticator authenticator;
    private final Optional<String> domain;
    private final SseHeaders sse;

    public PostObjectHandler(ObjectStorage store, BucketAccess access, Authenticator authenticator,
                             Optional<String> domain) {
        this.store = store;
        this.access = access;
        this.authenticator = authenticator;
        this.domain = domain;
        this.sse = new SseHeaders(store);
    }

    /**
     * @param admit the gate every signed caller passes (S3Service's): given the policy's signer once its
     *              signature holds, it records the signer for the access log and refuses a suspended account
     */
    public S3Response postObject(RequestContext ctx, Consumer<Credential> admit) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED,
                    "Bucket POST must be of the enclosure-type multipart/form-data",
                    Map.of("Condition", "Bucket POST must be of the enclosure-type multipart/form-data"), null);
        }
        try {
            PostForm form = PostForm.read(ctx.auth().body(), contentType);
            S3Response response = upload(ctx, form, admit);
            form.drain();
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private S3Response upload(RequestContext ctx, PostForm form, Consumer<Credential> admit) throws IOException {
        Map<String, String> fields = form.fields();
        if (fields.keySet().stream().anyMatch(f -> f.startsWith("x-amz-server-side-encryption-customer-"))
                && !ctx.request().secure() && !ServerSideEncryption.isLoopback(ctx.request().remoteAddress())) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Requests specifying Server Side Encryption with"
                    + " Customer provided keys must be made over a secure connection.");
        }
        String policyText = form.field("policy").filter(p -> !p.isBlank()).orElse(null);
        boolean signed = fields.containsKey("x-amz-signature") || fields.containsKey("signature");
        if (policyText == null && signed) {
            throw missingField("policy");
        }
        // Without a policy the upload is anonymous, and the bucket's ACL must let everyone write.
        RequestContext writer = ctx;
        Optional<PostPolicy> policy = Optional.empty();
        if (policyText != null) {
            // The signature first: nothing unauthenticated reaches the policy parser.
            Credential signer = authenticator.verifyPostPolicy(policyText, fields);
            admit.accept(signer);
            policy = Optional.of(PostPolicy.parse(policyText));
            authenticator.requireLivePolicy(policy.get().expiration());
            writer = new RequestContext(ctx.request(), ctx.requestId(), ctx.target(), ctx.query(), ctx.operation(),
                    new AuthResult(Optional.of(signer), InputStream.nullInputStream(), -1, BodyChecksums.none()));
        }
        Bucket bucket = access.permitted(writer, Permission.WRITE);

        String key = form.field("key").filter(k -> !k.isEmpty()).orElseThrow(() -> missingField("key"))
                .replace("${filename}", form.filename().orElse(""));
        if (key.isEmpty()) {
            throw missingField("key");
        }
        ObjectWriteHandler.requireValidKey(key);
        policy.ifPresent(p -> p.checkFields(bucket.name(), fields, key));
        String acl = StoredAcl.encode(postedAcl(fields, writer, bucket), bucket.ownerId());

        PostPolicy.LengthRange range = policy.flatMap(PostPolicy::lengthRange)
                .orElse(new PostPolicy.LengthRange(0, ObjectWriteHandler.MAX_SINGLE_PUT));
        long maxFile = Math.min(range.max(), ObjectWriteHandler.MAX_SINGLE_PUT);
        FileSizeLimit file = new FileSizeLimit(form.file(), range.min(), maxFile);
        ObjectMetadata metadata = metadata(fields);
        Optional<CustomerKey> customerKey = CustomerKeys.fromFields(fields);
        ObjectEncryption encryption = sse.resolve(fields::get, bucket, customerKey.isPresent());
        // The form's x-amz-checksum-<alg> field is verified while the file streams; without one the object gets
        // the default CRC64NVME, computed on the way.
        Optional<PostFileChecksum> stated = PostFileChecksum.of(fields, file);
        ChecksumPlan computed = ChecksumPlan.forObject(BodyChecksums.none(), null);
        InputStream body = stated.isPresent() ? stated.get() : computed.body(file);
        String algorithm = stated.map(c -> c.algorithm().wireName()).orElse(computed.algorithm().wireName());
        Map<String, String> tags = form.field("tagging").filter(t -> !t.isBlank()).map(t -> TagSet.fromXml(
                TAGGING_XML.parse(new java.io.ByteArrayInputStream(t.getBytes(StandardCharsets.UTF_8)))).tags())
                .orElse(Map.of());
        // The file's size is known at its end only. Its bound (the form's Content-Length, which includes the other
        // fields, and the policy's maximum) is reserved if it fits; if not, the file streams unreserved and its
        // publish must fit the quota at commit, so usage stays exact either way.
        long formLength = ctx.auth().contentLength();
        long bound = formLength >= 0 ? Math.min(formLength, maxFile) : maxFile;
        PutObject put = PutObject.of(bucket, key, body, BlobEngine.UNKNOWN_LENGTH).metadata(metadata)
                .attributes(() -> new ObjectAttributes(new ObjectChecksum(algorithm, ObjectChecksum.FULL_OBJECT,
                        stated.isPresent() ? stated.get().value() : computed.value()), acl, tags, List.of(),
                        encryption))
                .customerKey(customerKey.orElse(null)).quota(QuotaClaim.ifFits(bucket.ownerId(), bound)).build();
        ObjectRecord stored = store.putObject(put);
        S3Response response = response(ctx, fields, bucket.name(), key, ObjectHeaders.quoted(stored.etag()));
        return customerKey.isPresent() ? CustomerKeys.echo(response, customerKey)
                : SseHeaders.echo(response, encryption);
    }

    /** The canned ACL of the form's {@code acl} field for an object of the writer (private when absent). */
    private static Acl postedAcl(Map<String, String> fields, RequestContext writer, Bucket bucket) {
        long owner = writer.auth().principal().map(Credential::accountId).orElse(bucket.ownerId());
        String canned = fields.get("acl");
        return canned == null ? Acl.privateTo(owner) : CannedAcl.fromHeader(canned).toAcl(owner, bucket.ownerId());
    }

    private static ObjectMetadata metadata(Map<String, String> fields) {
        Map<String, String> user = new TreeMap<>();
        int size = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().startsWith(META_PREFIX) && e.getKey().length() > META_PREFIX.length()) {
                String name = e.getKey().substring(META_PREFIX.length());
                user.put(name, e.getValue());
                size += name.getBytes(StandardCharsets.UTF_8).length
                        + e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > ObjectHeaders.MAX_USER_METADATA_BYTES) {
            throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE);
        }
        String contentType = fields.get("content-type");
        return ObjectHeaders.checked(new ObjectMetadata(
                contentType == null || contentType.isBlank() ? "binary/octet-stream" : contentType,
                fields.get("content-disposition"), fields.get("content-encoding"), fields.get("content-language"),
                fields.get("cache-control"), fields.get("expires"), user));
    }

    private S3Response response(RequestContext ctx, Map<String, String> fields, String bucket, String key,
                                String etag) {
        String redirect = fields.getOrDefault("success_action_redirect", fields.get("redirect"));
        if (redirect != null && isAbsoluteUrl(redirect)) {
            String location = redirect + (redirect.contains("?") ? "&" : "?") + "bucket=" + form(bucket) + "&key="
                    + form(key) + "&etag=" + form(etag);
            return S3Response.status(303).header("Location", location).header("ETag", etag).contentLength(0);
        }
        String location = objectUrl(ctx, bucket, key);
        String status = fields.getOrDefault("success_action_status", "204").trim();
        if (status.equals("201")) {
            String xml = new XmlWriter().plainRoot("PostResponse").element("Location", location)
                    .element("Bucket", bucket).element("Key", key).element("ETag", etag).end().toString();
            return S3Response.xml(201, xml).header("ETag", etag).header("Location", location);
        }
        S3Response response = S3Response.status(status.equals("200") ? 200 : 204).header("ETag", etag)
                .header("Location", location);
        return response.contentLength(0);
    }

    /** The object's URL as the client addressed the bucket (the scheme is unknown behind a proxy: http). */
    private String objectUrl(RequestContext ctx, String bucket, String key) {
        String host = Optional.ofNullable(ctx.header("Host")).orElse("localhost");
        String path = form(key).replace("+", "%20").replace("%2F", "/");
        boolean virtualHosted = RequestTarget.virtualHostBucket(host, domain).isPresent();
        return "http://" + host + (virtualHosted ? "/" : "/" + form(bucket) + "/") + path;
    }

    private static boolean isAbsoluteUrl(String url) {
        try {
            URI uri = new URI(url.trim());
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static S3Exception missingField(String name) {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain a field named '" + name
                + "'.  If it is specified, please check the order of the fields.",
                Map.of("ArgumentName", name, "ArgumentValue", ""), null);
    }
}
