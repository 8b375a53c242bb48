package coffer.gateway.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Errors Jersey decides on its own (for example 405 for an HTTP method no resource method takes, such as PATCH)
 * leave as S3 error documents too.
 */
final class JerseyErrors implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return Response.status(status).type("application/xml").entity(S3ErrorPages.document(status)).build();
    }
}
