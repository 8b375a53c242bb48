package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.op.S3Operation;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Server-side encryption as S3 clients see it. Every object Coffer stores is encrypted with keys Coffer manages
 * (AES-256-GCM, a data key per object under the master key), which is what S3 calls SSE-S3 ({@code AES256}) and
 * applies to every object by default. So: {@code AES256} is accepted and echoed on every object response, the
 * bucket default is always AES256, and what Coffer cannot honour -- SSE-KMS (no KMS) -- is refused with
 * {@code NotImplemented}, never silently ignored (a client must not believe its own key protects an object when it
 * does not). SSE-C (customer keys) is handled by {@link CustomerKeys} and the object handlers; its responses carry
 * the customer algorithm and key MD5 instead of {@code x-amz-server-side-encryption}. Stateless apart from its
 * collaborators; thread-safe.
 */
public final class ServerSideEncryption {
    public static final String HEADER = "x-amz-server-side-encryption";
    static final String AES256 = "AES256";

    private final BucketAccess access;
    private final XmlReader xml;

    public ServerSideEncryption(BucketAccess access, XmlReader xml) {
        this.access = access;
        this.xml = xml;
    }

    /** Refuses the encryption headers Coffer cannot honour; called for every request before dispatch. */
    public static void check(S3Request request) {
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
            if (lower.equals("x-amz-server-side-encryption-aws-kms-key-id")
                    || lower.equals("x-amz-server-side-encryption-context")) {
                throw kmsNotSupported();
            }
        }
        String requested = request.header(HEADER);
        if (requested != null && request.header(CustomerKeys.ALGORITHM) != null) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Server Side Encryption with Customer provided key "
                    + "is incompatible with the encryption method specified");
        }
        if (requested != null && !requested.trim().equals(AES256)) {
            if (requested.trim().startsWith("aws:kms")) {
                throw kmsNotSupported();
            }
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The encryption method specified is not supported",
                    java.util.Map.of("ArgumentName", HEADER, "ArgumentValue", requested), null);
        }
    }

    /** Adds {@code x-amz-server-side-encryption: AES256} to successful responses that store or return object data. */
    public static void echo(S3Operation op, S3Response response) {
        if (response.status() >= 300 || response.headers().stream()
                .anyMatch(h -> h.getKey().equalsIgnoreCase(CustomerKeys.ALGORITHM))) {
            return;
        }
        switch (op) {
            case PutObject, GetObject, HeadObject, CopyObject, PostObject, CreateMultipartUpload, UploadPart,
                 UploadPartCopy, CompleteMultipartUpload -> response.header(HEADER, AES256);
            default -> { }
        }
    }

    public S3Response getBucketEncryption(RequestContext ctx) {
        access.owned(ctx);
        XmlWriter doc = new XmlWriter().root("ServerSideEncryptionConfiguration");
        doc.start("Rule").start("ApplyServerSideEncryptionByDefault").element("SSEAlgorithm", AES256).end()
                .element("BucketKeyEnabled", false).end();
        return S3Response.xml(200, doc.end().toString());
    }

    /** Accepts a configuration that asks for what every bucket has anyway (AES256); anything else is refused. */
    public S3Response putBucketEncryption(RequestContext ctx) {
        access.owned(ctx);
        IntegrityHeaders.require(ctx);
        XmlElement root = xml.parse(ctx.auth().body());
        if (root == null || !root.name().equals("ServerSideEncryptionConfiguration")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        for (XmlElement rule : root.childrenNamed("Rule")) {
            String algorithm = rule.child("ApplyServerSideEncryptionByDefault")
                    .flatMap(d -> d.childText("SSEAlgorithm")).orElse(AES256);
            if (algorithm.startsWith("aws:kms")) {
                throw kmsNotSupported();
            }
            if (!algorithm.equals(AES256)) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
        }
        return S3Response.ok().contentLength(0);
    }

    /** Every bucket keeps encrypting with AES256: there is nothing to remove. */
    public S3Response deleteBucketEncryption(RequestContext ctx) {
        access.owned(ctx);
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

    private static S3Exception kmsNotSupported() {
        return new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Server-side encryption with KMS keys (SSE-KMS) is not"
                + " supported: every object is encrypted with keys this server manages (SSE-S3, AES256)");
    }
}
