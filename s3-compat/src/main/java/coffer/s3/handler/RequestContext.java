package coffer.s3.handler;

import coffer.s3.auth.AuthResult;
import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import coffer.s3.op.QueryParams;
import coffer.s3.op.RequestTarget;
import coffer.s3.op.S3Operation;

/**
 * Everything a handler needs to know about one authenticated request: the raw request, the request id, what it
 * addresses, its decoded query, the resolved operation and the authentication outcome (principal and verified
 * body). Immutable.
 */
public record RequestContext(S3Request request, String requestId, RequestTarget target, QueryParams query,
                             S3Operation operation, AuthResult auth) {

    /** The authenticated caller; anonymous requests never reach a handler that calls this. */
    public Credential principal() {
        return auth.principal().orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_DENIED));
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
