package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import coffer.storage.Versioning;

/**
 * GetBucketVersioning and PutBucketVersioning (the bucket's owner only; docs/versioning.md). A bucket that was never
 * versioned answers an empty {@code VersioningConfiguration}; Put takes {@code Enabled} or {@code Suspended}, and
 * {@code MfaDelete} only as {@code Disabled} (MFA delete is not supported: NotImplemented). Any other document is
 * MalformedXML, as AWS answers. Thread-safe.
 */
final class VersioningHandler {
    private final ObjectStorage store;
    private final XmlReader xml;

    VersioningHandler(ObjectStorage store, XmlReader xml) {
        this.store = store;
        this.xml = xml;
    }

    public S3Response getBucketVersioning(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        XmlWriter doc = new XmlWriter().root("VersioningConfiguration");
        switch (bucket.versioning()) {
            case ENABLED -> doc.element("Status", "Enabled");
            case SUSPENDED -> doc.element("Status", "Suspended");
            case UNVERSIONED -> { }
        }
        return S3Response.xml(200, doc.end().toString());
    }

    public S3Response putBucketVersioning(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        Versioning wanted = parse(xml.parse(ctx.auth().body()));
        if (wanted != null) {
            store.bucketSettings().setVersioning(bucket, wanted);
        }
        return S3Response.ok().contentLength(0);
    }

    /** The state asked for; null when the document names none (nothing changes, as AWS answers). */
    static Versioning parse(XmlElement root) {
        if (root == null || !root.name().equals("VersioningConfiguration")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        for (XmlElement child : root.children()) {
            if (!child.name().equals("Status") && !child.name().equals("MfaDelete")) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
        }
        String mfa = root.childText("MfaDelete").orElse(null);
        if (mfa != null && !mfa.equals("Disabled")) {
            if (mfa.equals("Enabled")) {
                throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "MFA delete is not supported by this server");
            }
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        String status = root.childText("Status").orElse(null);
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "Enabled" -> Versioning.ENABLED;
            case "Suspended" -> Versioning.SUSPENDED;
            default -> throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        };
    }
}
