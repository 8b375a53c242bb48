package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Store;

/** DeleteObject: 204 whether or not the key existed, as AWS answers. Thread-safe. */
public final class DeleteHandler {
    private final Store store;
    private final BucketAccess access;

    public DeleteHandler(Store store, BucketAccess access) {
        this.store = store;
        this.access = access;
    }

    public S3Response deleteObject(RequestContext ctx) {
        var bucket = access.owned(ctx);
        String version = ctx.query().get("versionId");
        if (version != null && !version.equals("null")) {
            // Without versioning no such version exists; deleting the current object instead would lose data.
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Object versioning is not supported");
        }
        store.deleteObject(bucket, ctx.key());
        return S3Response.noContent();
    }
}
