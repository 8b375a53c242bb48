package coffer.gateway.http;

import coffer.s3.http.S3Request;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Adapts Jersey's request to the S3 layer's view. The path and query are taken raw from Jetty's request URI:
 * Jersey's decoded and canonical forms normalise {@code a/../b} and split {@code ;} off as matrix parameters,
 * which would break keys and signatures.
 */
final class JerseyS3Request implements S3Request {
    private final ContainerRequest request;
    private final String rawPath;
    private final String rawQuery;
    private final String remoteAddress;

    JerseyS3Request(ContainerRequest request, org.eclipse.jetty.server.Request jetty) {
        this.request = request;
        this.rawPath = jetty.getHttpURI().getPath();
        String query = jetty.getHttpURI().getQuery();
        this.rawQuery = query == null ? "" : query;
        this.remoteAddress = org.eclipse.jetty.server.Request.getRemoteAddr(jetty);
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public List<String> headerNames() {
        return new ArrayList<>(request.getHeaders().keySet());
    }

    @Override
    public List<String> headers(String name) {
        for (Map.Entry<String, List<String>> e : request.getHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    @Override
    public InputStream body() {
        return request.getEntityStream();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}
