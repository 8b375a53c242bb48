package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.s3.http.S3Request;

/** How a request claims to be authenticated; decided from the Authorization header and the query only. */
enum AuthScheme {
    ANONYMOUS,
    SIGV4_HEADER,
    SIGV4_QUERY,
    SIGV2_HEADER,
    SIGV2_QUERY;

    static AuthScheme of(S3Request request, QueryParams query) {
        String authorization = request.header("Authorization");
        boolean v4Query = query.has("X-Amz-Signature") || query.has("X-Amz-Credential")
                || query.has("X-Amz-Algorithm");
        boolean v2Query = query.has("Signature") && query.has("AWSAccessKeyId");
        if (authorization != null && !authorization.isBlank()) {
            if (v4Query || v2Query) {
                throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the"
                        + " X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization"
                        + " header should be specified");
            }
            String value = authorization.trim();
            if (value.startsWith(SigV4Signing.ALGORITHM)) {
                return SIGV4_HEADER;
            }
            if (value.startsWith("AWS ")) {
                return SIGV2_HEADER;
            }
            // SigV4a (AWS4-ECDSA-P256-SHA256) included: a signature Coffer cannot verify is a client error.
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, value.startsWith("AWS4-ECDSA-P256-SHA256")
                    ? "Unsupported Authorization Type: SigV4a (ECDSA) signatures are not supported"
                    : "Unsupported Authorization Type");
        }
        if (v4Query) {
            return SIGV4_QUERY;
        }
        return v2Query ? SIGV2_QUERY : ANONYMOUS;
    }
}
