package coffer.gateway.admin;

import coffer.storage.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of an admin request leaves as {@code {"error": {"code", "message", "field"?}}} with its status:
 * the admin API's own errors as thrown, catalog outcomes by reason (the one switch), Jersey's (unknown route,
 * wrong method) with their status, anything else as 500 and logged. Messages are fixed or ours: never a token,
 * a secret or SQL.
 */
final class AdminErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminErrors.class);

    private final AdminJson json;

    AdminErrors(AdminJson json) {
        this.json = json;
    }

    @Override
    public Response toResponse(Throwable t) {
        AdminException e = classify(t);
        return AdminRequests.json(e.status(), json, json.error(e.code(), e.getMessage(), e.field()));
    }

    private static AdminException classify(Throwable t) {
        if (t instanceof AdminException a) {
            return a;
        }
        if (t instanceof StoreException s) {
            return fromStore(s);
        }
        if (t instanceof WebApplicationException w) {
            int status = w.getResponse() == null ? 500 : w.getResponse().getStatus();
            return new AdminException(status, status == 404 ? "NoSuchRoute" : status == 405 ? "MethodNotAllowed"
                    : "HttpError", status == 404 ? "no such admin route" : "HTTP " + status, null);
        }
        if (t instanceof IllegalArgumentException) {
            return new AdminException(400, "InvalidArgument", t.getMessage(), null);
        }
        LOG.error("admin request failed", t);
        return new AdminException(500, "InternalError", "internal error; see the server log", null);
    }

    private static AdminException fromStore(StoreException e) {
        return switch (e.reason()) {
            case NO_SUCH_ACCOUNT -> new AdminException(404, "NoSuchAccount", "no such account", null);
            case NO_SUCH_ACCESS_KEY -> new AdminException(404, "NoSuchAccessKey", "no such access key", null);
            case NO_SUCH_PLAN -> new AdminException(400, "NoSuchPlan", "no such plan", "plan");
            case ACCOUNT_ALREADY_EXISTS -> new AdminException(409, "AccountAlreadyExists",
                    "an account with this name already exists", "name");
            case ACCESS_KEY_ALREADY_EXISTS -> new AdminException(409, "AccessKeyAlreadyExists",
                    "the access key id is taken", null);
            case ACCOUNT_DELETED -> new AdminException(409, "AccountDeleted", "the account is deleted", null);
            // The message names the locked version and its date (docs/object-lock.md), never a secret.
            case OBJECT_LOCKED -> new AdminException(409, "ObjectLocked", e.getMessage(), null);
            case UNAVAILABLE -> new AdminException(503, "ServiceUnavailable", "the catalog is unavailable", null);
            case INSUFFICIENT_STORAGE -> new AdminException(507, "InsufficientStorage", "the blob store is full",
                    null);
            case NO_SUCH_BUCKET, BUCKET_ALREADY_EXISTS, BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_NOT_EMPTY, KEY_TOO_LONG,
                 NO_SUCH_KEY, NO_SUCH_UPLOAD, INVALID_PART, INVALID_PART_ORDER, ENTITY_TOO_SMALL, PRECONDITION_FAILED,
                 CONDITIONAL_REQUEST_CONFLICT, SOURCE_CHANGED, QUOTA_EXCEEDED, TOO_MANY_UPLOADS, INVALID_BUCKET_STATE,
                 INTERNAL -> {
                LOG.error("admin request failed", e);
                yield new AdminException(500, "InternalError", "internal error; see the server log", null);
            }
        };
    }
}
