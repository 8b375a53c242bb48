package coffer.s3;

import coffer.s3.error.ClientBodyException;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.policy.BucketPolicy;
import coffer.s3.policy.MalformedPolicyException;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Put/Get/DeleteBucketPolicy, GetBucketPolicyStatus and Put/Get/DeletePublicAccessBlock (docs/policies.md). A
 * policy is compiled when it is put, so a malformed one is refused then (400 MalformedPolicy with the reason) and
 * never stored; it is kept as the text the client sent (at most 20 KB, as AWS), which GetBucketPolicy returns.
 * Who may call these is decided before dispatch like for every operation (the owner, or whom the policy allows;
 * the owner can always manage the policy itself). Thread-safe.
 */
final class BucketPolicyHandler {
    private final ObjectStorage store;
    private final BucketAccess access;
    private final XmlReader xml;

    BucketPolicyHandler(ObjectStorage store, BucketAccess access, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.xml = xml;
    }

    public S3Response putBucketPolicy(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        String text = policyText(ctx);
        BucketPolicy policy;
        try {
            policy = access.protections().compile(text, bucket.name());
        } catch (MalformedPolicyException e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_POLICY, e.getMessage());
        }
        if (policy.isPublic() && access.protections().of(bucket).block().blockPublicPolicy()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
                    "Access Denied: the bucket's BlockPublicPolicy setting refuses a public policy");
        }
        store.bucketSettings().putDocument(bucket, BucketProtections.POLICY_DOCUMENT, text);
        return S3Response.noContent();
    }

    public S3Response getBucketPolicy(RequestContext ctx) {
        String text = store.bucketSettings().document(ctx.bucket(), BucketProtections.POLICY_DOCUMENT)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_BUCKET_POLICY));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return S3Response.ok().header("Content-Type", "application/json")
                .body(bytes.length, out -> out.write(bytes));
    }

    public S3Response deleteBucketPolicy(RequestContext ctx) {
        store.bucketSettings().deleteDocument(ctx.bucket(), BucketProtections.POLICY_DOCUMENT);
        return S3Response.noContent();
    }

    /**
     * IsPublic: the policy allows everyone without pinning the caller, or (unless IgnorePublicAcls) the bucket's ACL
     * grants AllUsers or AuthenticatedUsers, as ceph/s3-tests expects.
     */
    public S3Response getBucketPolicyStatus(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        BucketProtections.Protection protection = access.protections().of(bucket);
        boolean isPublic = protection.policy().isPublic()
                || (!protection.block().ignorePublicAcls() && access.acl(bucket).isPublic());
        return S3Response.xml(200, new XmlWriter().root("PolicyStatus").element("IsPublic", isPublic).end()
                .toString());
    }

    public S3Response putPublicAccessBlock(RequestContext ctx) {
        PublicAccessBlock block = PublicAccessBlock.parse(xml.parse(ctx.auth().body()));
        store.bucketSettings().putDocument(ctx.bucket(), PublicAccessBlock.DOCUMENT, block.encode());
        return S3Response.ok().contentLength(0);
    }

    public S3Response getPublicAccessBlock(RequestContext ctx) {
        String stored = store.bucketSettings().document(ctx.bucket(), PublicAccessBlock.DOCUMENT)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_PUBLIC_ACCESS_BLOCK_CONFIGURATION));
        return S3Response.xml(200, PublicAccessBlock.decode(stored).toXml());
    }

    public S3Response deletePublicAccessBlock(RequestContext ctx) {
        store.bucketSettings().deleteDocument(ctx.bucket(), PublicAccessBlock.DOCUMENT);
        return S3Response.noContent();
    }

    /** The body as UTF-8 text of at most 20 KB; the whole body is read, so its checksums are verified. */
    private static String policyText(RequestContext ctx) {
        byte[] bytes;
        try {
            bytes = ctx.auth().body().readNBytes(BucketPolicy.MAX_BYTES + 1);
        } catch (ClientBodyException e) {
            throw e.toS3();
        } catch (IOException e) {
            throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The request body could not be read", e);
        }
        if (bytes.length > BucketPolicy.MAX_BYTES) {
            throw new S3Exception(S3ErrorCode.MALFORMED_POLICY,
                    "Policy exceeds the maximum allowed document size (" + BucketPolicy.MAX_BYTES + " bytes)");
        }
        if (bytes.length == 0) {
            throw new S3Exception(S3ErrorCode.MALFORMED_POLICY, "The policy is empty");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_POLICY, "The policy is not UTF-8 text");
        }
    }
}
