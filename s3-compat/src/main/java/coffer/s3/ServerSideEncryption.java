package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.DefaultEncryption;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectStorage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server-side encryption as S3 clients see it. Every object Coffer stores is encrypted with keys Coffer manages
 * (AES-256-GCM, a data key per object under the master key), which is what S3 calls SSE-S3 ({@code AES256}), the
 * default. SSE-KMS ({@code aws:kms}) uses the built-in key manager (see {@link SseHeaders}); SSE-C (customer keys)
 * is handled by {@link CustomerKeys}, and its responses carry the customer algorithm and key MD5 instead of
 * {@code x-amz-server-side-encryption}. This class refuses what S3 refuses before dispatch, echoes {@code AES256}
 * where a handler did not echo anything more specific, and serves the bucket default encryption
 * (Get/Put/DeleteBucketEncryption). Stateless apart from its collaborators; thread-safe.
 */
final class ServerSideEncryption {
    public static final String HEADER = SseHeaders.ALGORITHM;
    static final String AES256 = ObjectEncryption.AES256;
    private static final String CONTEXT = "x-amz-server-side-encryption-context";

    private final ObjectStorage store;
    private final XmlReader xml;

    public ServerSideEncryption(ObjectStorage store, XmlReader xml) {
        this.store = store;
        this.xml = xml;
    }

    /** Refuses the encryption headers S3 (or Coffer) refuses for {@code op}; called for every request. */
    public static void check(S3Request request, S3Operation op) {
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("x-amz-server-side-encryption-customer-")
                    || lower.startsWith("x-amz-copy-source-server-side-encryption-customer-"))
                    && !request.secure() && !isLoopback(request.remoteAddress())) {
                // As AWS: a key sent in the clear over a network is compromised. Loopback is exempt for local
                // clients and tests, which have no network hop to protect.
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Requests specifying Server Side Encryption with"
                        + " Customer provided keys must be made over a secure connection.");
            }
        }
        String requested = request.header(HEADER);
        switch (op) {
            case GetObject, HeadObject -> {
                // As AWS: the encryption of a stored object is not a read parameter.
                if (requested != null || request.header(SseHeaders.KMS_KEY_ID) != null) {
                    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-server-side-encryption header is"
                            + " not supported for this operation.", Map.of("ArgumentName", HEADER), null);
                }
            }
            case PutObject, CopyObject, CreateMultipartUpload -> {
                if (request.header(CONTEXT) != null) {
                    // The built-in key manager does not bind an encryption context: refuse rather than ignore.
                    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "SSE-KMS encryption contexts are not"
                            + " supported by this server");
                }
                SseHeaders.validate(request::header, request.header(CustomerKeys.ALGORITHM) != null);
            }
            default -> { }
        }
    }

    /**
     * Adds {@code x-amz-server-side-encryption: AES256} to successful responses that store or return object data,
     * unless the handler echoed the object's encryption itself (SSE-KMS) or the object uses a customer key.
     */
    public static void echo(S3Operation op, S3Response response) {
        if (response.status() >= 300 || response.headers().stream().anyMatch(h ->
                h.getKey().equalsIgnoreCase(CustomerKeys.ALGORITHM) || h.getKey().equalsIgnoreCase(HEADER))) {
            return;
        }
        switch (op) {
            case PutObject, GetObject, HeadObject, CopyObject, PostObject, CreateMultipartUpload, UploadPart,
                 UploadPartCopy, CompleteMultipartUpload -> response.header(HEADER, AES256);
            default -> { }
        }
    }

    /** The bucket's default encryption; ServerSideEncryptionConfigurationNotFoundError when it has none. */
    public S3Response getBucketEncryption(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        DefaultEncryption e = store.bucketSettings().encryption(bucket).orElseThrow(() -> new S3Exception(
                S3ErrorCode.SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND,
                S3ErrorCode.SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND.defaultMessage(),
                Map.of("BucketName", bucket.name()), null));
        XmlWriter doc = new XmlWriter().root("ServerSideEncryptionConfiguration");
        doc.start("Rule").start("ApplyServerSideEncryptionByDefault").element("SSEAlgorithm", e.algorithm());
        if (e.kmsKeyId() != null) {
            doc.element("KMSMasterKeyID", e.kmsKeyId());
        }
        doc.end().element("BucketKeyEnabled", e.bucketKeyEnabled()).end();
        return S3Response.xml(200, doc.end().toString());
    }

    /** Stores the configuration's one rule: AES256, or aws:kms with an optional key id. */
    public S3Response putBucketEncryption(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        IntegrityHeaders.require(ctx);
        XmlElement root = xml.parse(ctx.auth().body());
        if (root == null || !root.name().equals("ServerSideEncryptionConfiguration")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        List<XmlElement> rules = root.childrenNamed("Rule");
        if (rules.size() != 1) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        XmlElement rule = rules.get(0);
        XmlElement byDefault = rule.child("ApplyServerSideEncryptionByDefault")
                .orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        String algorithm = byDefault.childText("SSEAlgorithm").map(String::trim)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        String keyId = byDefault.childText("KMSMasterKeyID").map(String::trim).filter(k -> !k.isEmpty())
                .orElse(null);
        if (!algorithm.equals(ObjectEncryption.AES256) && !algorithm.equals(ObjectEncryption.AWS_KMS)) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        if (keyId != null && algorithm.equals(ObjectEncryption.AES256)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "a KMSMasterKeyID is not applicable if the default"
                    + " sse algorithm is not aws:kms", Map.of("ArgumentName", "ApplyServerSideEncryptionByDefault"),
                    null);
        }
        if (keyId != null && !ObjectEncryption.isWellFormedKeyId(keyId)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid keyId",
                    Map.of("ArgumentName", "KMSMasterKeyID"), null);
        }
        boolean bucketKey = rule.childText("BucketKeyEnabled").map(v -> v.trim().equals("true")).orElse(false);
        store.bucketSettings().putEncryption(bucket, new DefaultEncryption(algorithm, keyId, bucketKey));
        return S3Response.ok().contentLength(0);
    }

    /** Removes the default; objects written afterwards without encryption headers get AES256. */
    public S3Response deleteBucketEncryption(RequestContext ctx) {
        store.bucketSettings().deleteEncryption(ctx.bucket());
        return S3Response.noContent();
    }

    /** Whether {@code address} is an IP literal on the loopback network (never resolves a host name). */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            return false; // a host name: never looked up
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

}
