package coffer.gateway.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Lets a request through only with {@code Authorization: Bearer <the admin token>}; anything else is 401 before
 * any resource runs, also for routes that do not exist; only {@code GET} of the metrics and health routes needs
 * none. The presented value is never logged. Thread-safe.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class BearerTokenFilter implements ContainerRequestFilter {
    private static final String SCHEME = "Bearer ";

    private final AdminToken token;
    private final AdminJson json;

    BearerTokenFilter(AdminToken token, AdminJson json) {
        this.token = token;
        this.json = json;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getMethod().equals("GET") && OperationsResource.isPublic(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean ok = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && token.matches(header.substring(SCHEME.length()).strip());
        if (!ok) {
            Response denied = AdminRequests.json(401, json, json.error("Unauthorized", header == null
                    ? "missing Authorization: Bearer <admin token>" : "invalid admin token", null));
            request.abortWith(Response.fromResponse(denied).header(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"coffer-admin\"").build());
        }
    }
}
