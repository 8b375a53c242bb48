package coffer.gateway.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Hides from Jersey a request {@code Content-Type} it cannot parse. Jersey parses it while choosing the resource
 * method and answers a bare 400 of its own when it fails, before the S3 layer could authenticate the request and
 * answer with an S3 error. The S3 layer reads headers from Jetty's view ({@link JerseyS3Request}), which keeps the
 * value as sent, so signatures still cover it and the S3 layer refuses it where it matters (InvalidArgument when
 * an object would be stored with it).
 */
@PreMatching
final class UnparsedContentType implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return;
        }
        try {
            MediaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }
}
