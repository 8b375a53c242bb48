package coffer.s3;

import coffer.s3.auth.AuthResult;
import coffer.s3.auth.Authenticator;
import coffer.s3.auth.BodyChecksums;
import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.QueryParams;
import coffer.s3.http.RequestFacts;
import coffer.s3.http.RequestTarget;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.storage.ObjectStorage;
import coffer.storage.Store;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The S3 protocol, independent of any HTTP server: resolve the operation (what it addresses, its query parsed
 * once), authenticate, admit the caller, then the {@link Dispatcher} authorizes the operation once and calls the
 * handler of its family. Every failure leaves as an S3 error document ({@link EngineErrors} maps the engine's).
 * Records what it learned as the response's {@link RequestFacts}. Thread-safe.
 */
public final class S3Service {
    private final Authenticator authenticator;
    private final Optional<String> domain;
    private final OperationResolver resolver = new OperationResolver();
    private final EngineErrors engineErrors = new EngineErrors();
    private final Dispatcher dispatcher;
    private final ServerLogging serverLogging;

    /** Serves {@code store}'s buckets and objects, resolving ACL grantees among its accounts. */
    public S3Service(Store store, Authenticator authenticator, String region, Optional<String> domain) {
        this(store, StoreAccountDirectory.of(store), authenticator, region, domain);
    }

    /** The handlers see the engine through {@link ObjectStorage} only; {@code accounts} resolves ACL grantees. */
    S3Service(ObjectStorage store, AccountDirectory accounts, Authenticator authenticator, String region,
                     Optional<String> domain) {
        this.authenticator = authenticator;
        this.domain = domain;
        LoggingConfigs loggingConfigs = new LoggingConfigs(store);
        this.dispatcher = new Dispatcher(store, accounts, authenticator, region, domain, loggingConfigs);
        this.serverLogging = new ServerLogging(loggingConfigs, new CanonicalIds(accounts));
    }

    /** Serves one request; never throws. */
    public S3Response handle(S3Request request, String requestId) {
        Progress progress = new Progress();
        S3Response response = serve(request, requestId, progress);
        if (progress.bucket != null) {
            dispatcher.decorateCors(request, progress.bucket, response);
        }
        return response.facts(new RequestFacts(requestId, progress.operation == null ? null : progress.operation.name(),
                progress.accessKeyId, progress.bucket, progress.key, response.errorCode(),
                serverLogging.facts(request, progress.bucket, progress.key, progress.operation, progress.account,
                        response)));
    }

    /** How far {@link #serve} got: what it learned before it answered or failed, for {@link RequestFacts}. */
    private static final class Progress {
        private String bucket;
        private String key;
        private S3Operation operation;
        private String accessKeyId;
        private OptionalLong account = OptionalLong.empty();
    }

    /** Resolves, authenticates and dispatches, recording in {@code progress} what it learned on the way. */
    private S3Response serve(S3Request request, String requestId, Progress progress) {
        String resource = "/";
        boolean withBody = !request.method().equals("HEAD");
        try {
            RequestTarget target = RequestTarget.of(request.rawPath(), request.header("Host"), domain);
            progress.bucket = target.bucket();
            progress.key = target.hasKey() ? target.key() : null;
            resource = target.isService() ? "/" : "/" + target.bucket() + (target.hasKey() ? "/" + target.key() : "");
            QueryParams query = QueryParams.parse(request.rawQuery());
            S3Operation op = resolver.resolve(request.method(), target, query, request.header("x-amz-copy-source"));
            progress.operation = op;
            // Browsers never sign a preflight; one that carries a presigned URL's query is still a preflight.
            AuthResult auth = op == S3Operation.PreflightRequest
                    ? new AuthResult(Optional.empty(), request.body(), -1, BodyChecksums.none())
                    : authenticator.authenticate(request, query, op == S3Operation.CompleteMultipartUpload);
            admit(auth.principal(), op, progress);
            return dispatcher.serve(new RequestContext(request, requestId, target, query, op, auth),
                    signer -> admit(Optional.of(signer), op, progress));
        } catch (S3Exception e) {
            return ErrorDocument.render(e, resource, requestId, withBody);
        } catch (RuntimeException e) {
            return ErrorDocument.render(engineErrors.toS3(e, requestId), resource, requestId, withBody);
        }
    }

    /**
     * The gate every caller passes, whoever vouches for it (the request's signature, or a POST form's policy):
     * records its access key id for the access log, then refuses an anonymous caller where the operation needs
     * a signed one and a suspended account's writes.
     */
    private static void admit(Optional<Credential> principal, S3Operation op, Progress progress) {
        principal.ifPresent(p -> {
            progress.accessKeyId = p.accessKeyId();
            progress.account = OptionalLong.of(p.accountId());
        });
        if (principal.isEmpty() && !op.allowsAnonymous()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        if (principal.isPresent() && principal.get().readOnly() && !op.isRead()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Access Denied: account suspended");
        }
    }
}
