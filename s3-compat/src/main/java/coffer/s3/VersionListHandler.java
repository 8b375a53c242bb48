package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.ObjectVersion;
import coffer.storage.VersionPage;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * ListObjectVersions (READ on the bucket; docs/versioning.md): {@code prefix}, {@code delimiter},
 * {@code key-marker} / {@code version-id-marker} paging, {@code max-keys} (at most 1000, counting versions, delete
 * markers and common prefixes) and {@code encoding-type=url}. Versions and delete markers come interleaved in the
 * order AWS returns them: keys in UTF-8 byte order, each key's versions newest first. Thread-safe.
 */
final class VersionListHandler {
    private static final int MAX_KEYS = 1000;

    private final ObjectStorage store;
    private final BucketAccess access;

    VersionListHandler(ObjectStorage store, BucketAccess access) {
        this.store = store;
        this.access = access;
    }

    public S3Response listObjectVersions(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ListingParams q = ctx.params(ListingParams.class);
        UnaryOperator<String> enc = q.encoder();
        String prefix = q.prefix() == null ? "" : q.prefix();
        String delimiter = emptyToNull(q.delimiter());
        String keyMarker = emptyToNull(q.keyMarker());
        String versionIdMarker = emptyToNull(q.versionIdMarker());
        if (versionIdMarker != null && keyMarker == null) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "A version-id marker cannot be specified without a key marker.",
                    Map.of("ArgumentName", "version-id-marker", "ArgumentValue", versionIdMarker), null);
        }
        if (versionIdMarker != null && !ObjectVersion.isWellFormedId(versionIdMarker)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid version id specified",
                    Map.of("ArgumentName", "version-id-marker", "ArgumentValue", versionIdMarker), null);
        }
        int maxKeys = q.maxKeys(MAX_KEYS);
        VersionPage page = store.listVersions(bucket, prefix, delimiter, keyMarker, versionIdMarker, maxKeys);

        XmlWriter doc = new XmlWriter().root("ListVersionsResult");
        doc.element("Name", bucket.name()).element("Prefix", enc.apply(prefix))
                .element("KeyMarker", keyMarker == null ? "" : enc.apply(keyMarker))
                .element("VersionIdMarker", versionIdMarker == null ? "" : versionIdMarker)
                .element("MaxKeys", maxKeys);
        if (delimiter != null) {
            doc.element("Delimiter", enc.apply(delimiter));
        }
        doc.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            doc.element("NextKeyMarker", enc.apply(page.nextKeyMarker()));
            if (page.nextVersionIdMarker() != null) {
                doc.element("NextVersionIdMarker", page.nextVersionIdMarker());
            }
        }
        if (q.urlEncoded()) {
            doc.element("EncodingType", "url");
        }
        for (ObjectVersion v : page.versions()) {
            doc.start(v.deleteMarker() ? "DeleteMarker" : "Version").element("Key", enc.apply(v.key()))
                    .element("VersionId", v.versionId()).element("IsLatest", v.latest())
                    .element("LastModified", HttpDates.xml(v.lastModified()));
            ObjectRecord o = v.object();
            if (o != null) {
                doc.element("ETag", ObjectHeaders.quoted(o.etag())).element("Size", o.size())
                        .element("StorageClass", "STANDARD");
            }
            // The account that wrote the version (its ACL's owner); the bucket's owner for markers and old rows.
            long owner = o == null ? bucket.ownerId() : StoredAcl.decode(o.attributes().acl(), bucket.ownerId())
                    .ownerId();
            String id = access.canonicalIds().of(owner);
            doc.start("Owner").element("ID", id).element("DisplayName", id).end();
            doc.end();
        }
        for (String p : page.commonPrefixes()) {
            doc.start("CommonPrefixes").element("Prefix", enc.apply(p)).end();
        }
        return S3Response.xml(200, doc.end().toString());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
