package coffer.s3;

import coffer.s3.auth.AuthResult;
import coffer.s3.auth.BodyChecksums;
import coffer.s3.auth.Credential;
import coffer.s3.auth.FakeRequest;
import coffer.s3.http.QueryParams;
import coffer.s3.http.RequestTarget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one place handler tests build their {@link RequestContext}s: a path-style request (method, raw path and
 * query, headers, body) resolved to its operation as S3Service does, already authenticated as a signed-in account
 * (authentication is not under test here, so the {@link AuthResult} is made directly). Should the request
 * context's shape change, only this class needs to follow.
 */
public final class HandlerRequests {
    /** The account the requests are signed by unless {@link Builder#as} says otherwise. */
    public static final long OWNER = 1;

    private static final OperationResolver RESOLVER = new OperationResolver();

    private HandlerRequests() {
    }

    /** {@code target}: {@code /bucket}, {@code /bucket/key} or either with {@code ?query} (raw, percent-encoded). */
    public static Builder request(String method, String target) {
        return new Builder(method, target);
    }

    public static final class Builder {
        private final String method;
        private final String path;
        private final String query;
        private final java.util.List<String[]> headers = new java.util.ArrayList<>();
        private byte[] body = new byte[0];
        private Optional<Credential> principal = Optional.of(credential(OWNER));
        private RequestAuthorizer authorizer;

        private Builder(String method, String target) {
            this.method = method;
            int q = target.indexOf('?');
            this.path = q < 0 ? target : target.substring(0, q);
            this.query = q < 0 ? "" : target.substring(q + 1);
        }

        public Builder header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Builder body(byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** A Content-MD5 header for the body as set so far (integrity-checked operations require one). */
        public Builder contentMd5() {
            try {
                return header("Content-MD5", java.util.Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("MD5").digest(body)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Signed by {@code accountId}'s key. */
        public Builder as(long accountId) {
            this.principal = Optional.of(credential(accountId));
            return this;
        }

        /** Authorizes the context as S3Service does before dispatch (see {@link HandlerFixture#request}). */
        Builder authorizedBy(RequestAuthorizer authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        public Builder anonymous() {
            this.principal = Optional.empty();
            return this;
        }

        public RequestContext context() {
            FakeRequest request = FakeRequest.of(method, path, query).header("Host", "localhost");
            headers.forEach(h -> request.header(h[0], h[1]));
            request.body(body);
            RequestTarget target = RequestTarget.of(path, "localhost", Optional.empty());
            QueryParams params = QueryParams.parse(query);
            S3Operation op = RESOLVER.resolve(method, target, params, request.header("x-amz-copy-source"));
            AuthResult auth = new AuthResult(principal, new ByteArrayInputStream(body), body.length,
                    BodyChecksums.none());
            RequestContext ctx = new RequestContext(request, "test-request", target, params, op, auth);
            return authorizer == null ? ctx : authorizer.authorize(ctx);
        }
    }

    /** The access key requests of account {@code accountId} are signed with. */
    public static Credential credential(long accountId) {
        return new Credential("AKIDTEST" + accountId, "secret-" + accountId, accountId);
    }

    /** The credential of an access key of {@link #credential} (a {@code CredentialLookup}). */
    public static Optional<Credential> findCredential(String accessKeyId) {
        if (!accessKeyId.matches("AKIDTEST[1-9][0-9]{0,5}")) {
            return Optional.empty();
        }
        return Optional.of(credential(Long.parseLong(accessKeyId.substring("AKIDTEST".length()))));
    }
}
