package coffer.s3;

import coffer.s3.auth.AuthResult;
import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.s3.http.RequestTarget;
import coffer.s3.http.S3Request;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;

/**
 * Everything a handler needs to know about one authenticated request: the raw request, the request id, what it
 * addresses, its decoded query, the resolved operation with its typed parameters, the authentication outcome (principal and verified
 * body) and, once {@link RequestAuthorizer} checked the operation's access, the bucket and object it may act
 * on. Immutable.
 */
record RequestContext(S3Request request, String requestId, RequestTarget target, QueryParams query,
                             S3Operation operation, OperationParams params, AuthResult auth, Granted grant) {

    /** A request not authorized yet; its operation's parameters read from {@code query}. */
    public RequestContext(S3Request request, String requestId, RequestTarget target, QueryParams query,
                          S3Operation operation, AuthResult auth) {
        this(request, requestId, target, query, operation, OperationParams.of(operation, query), auth,
                Granted.NOTHING);
    }

    /** This request, authorized to act on {@code grant}. */
    RequestContext granted(Granted grant) {
        return new RequestContext(request, requestId, target, query, operation, params, auth, grant);
    }

    /** The operation's typed parameters, of the family its handler expects. */
    public <P extends OperationParams> P params(Class<P> family) {
        if (!family.isInstance(params)) {
            throw new IllegalStateException(operation + " has no " + family.getSimpleName());
        }
        return family.cast(params);
    }

    /** The authenticated caller; anonymous requests never reach a handler that calls this. */
    public Credential principal() {
        return auth.principal().orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_DENIED));
    }

    /** The addressed bucket, as authorized before dispatch. */
    public Bucket bucket() {
        if (grant.bucket() == null) {
            throw new IllegalStateException(operation + " was dispatched without an authorized bucket");
        }
        return grant.bucket();
    }

    /** The addressed object (GetObject, HeadObject, object ACLs), as authorized before dispatch. */
    public ObjectRecord object() {
        if (grant.object() == null) {
            throw new IllegalStateException(operation + " was dispatched without an authorized object");
        }
        return grant.object();
    }

    public String bucketName() {
        return target.bucket();
    }

    public String key() {
        return target.key();
    }

    public String header(String name) {
        return request.header(name);
    }

    /** The resource path for error documents: {@code /bucket/key} or {@code /bucket}. */
    public String resource() {
        if (target.isService()) {
            return "/";
        }
        return target.hasKey() ? "/" + target.bucket() + "/" + target.key() : "/" + target.bucket();
    }
}
