package coffer.gateway.http;

import coffer.s3.http.S3Request;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
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
    private final boolean secure;
    private final HttpFields headers;

    JerseyS3Request(ContainerRequest request, org.eclipse.jetty.server.Request jetty) {
        this.request = request;
        this.rawPath = jetty.getHttpURI().getPath();
        String query = jetty.getHttpURI().getQuery();
        this.rawQuery = query == null ? "" : query;
        this.remoteAddress = org.eclipse.jetty.server.Request.getRemoteAddr(jetty);
        this.secure = jetty.isSecure();
        this.headers = jetty.getHeaders();
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

    /** Header names as Jetty received them; Jersey's view may re-format values (media types), which breaks signatures. */
    @Override
    public List<String> headerNames() {
        return new ArrayList<>(headers.getFieldNamesCollection());
    }

    @Override
    public List<String> headers(String name) {
        return headers.getValuesList(name).stream().map(HeaderBytes::fromWire).toList();
    }

    @Override
    public InputStream body() {
        return new ClientBodyStream(request.getEntityStream());
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean secure() {
        return secure;
    }
}
