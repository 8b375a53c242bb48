package coffer.gateway.http;

import coffer.gateway.observe.FactsAttribute;
import coffer.gateway.observe.ObservedExchange;
import coffer.gateway.serverlog.ServerAccessLogging;
import coffer.s3.S3Service;
import coffer.s3.http.S3Response;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.Map;
import org.glassfish.jersey.server.ContainerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single JAX-RS resource: every method on every path goes to the S3 protocol layer, which routes by itself
 * (JAX-RS routes on path and method only; S3 routes on sub-resources and headers too).
 */
@Path("/")
public final class S3Resource {
    private static final Logger LOG = LoggerFactory.getLogger(S3Resource.class);
    /**
     * Response bodies go to Jetty in writes of this size. Jersey's stream on Jetty 12 passes every write straight
     * to the connection as one blocking write, and bodies are copied in 8 KiB pieces ({@code InputStream.transferTo}),
     * so without it a large GET made eight times as many socket writes and thread hand-offs as needed. One
     * decrypted segment (64 KiB) per write.
     */
    static final int WRITE_SIZE = 64 * 1024;
    private final S3Service service;
    private final RequestIds requestIds;
    private final ServerAccessLogging serverLog;

    public S3Resource(S3Service service, RequestIds requestIds) {
        this(service, requestIds, null);
    }

    /** With {@code serverLog} (null: none), which gets the records of requests on logged buckets. */
    public S3Resource(S3Service service, RequestIds requestIds, ServerAccessLogging serverLog) {
        this.service = service;
        this.requestIds = requestIds;
        this.serverLog = serverLog;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@Context ContainerRequest request, @Context org.eclipse.jetty.server.Request jetty) {
        return serve(request, jetty);
    }

    @HEAD
    @Path("{path: .*}")
    public Response head(@Context ContainerRequest request, @Context org.eclipse.jetty.server.Request jetty) {
        return serve(request, jetty);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@Context ContainerRequest request, @Context org.eclipse.jetty.server.Request jetty) {
        return serve(request, jetty);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@Context ContainerRequest request, @Context org.eclipse.jetty.server.Request jetty) {
        return serve(request, jetty);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@Context ContainerRequest request, @Context org.eclipse.jetty.server.Request jetty) {
        return serve(request, jetty);
    }

    @OPTIONS
    @Path("{path: .*}")
    public Response options(@Context ContainerRequest request, @Context org.eclipse.jetty.server.Request jetty) {
        return serve(request, jetty);
    }

    private Response serve(ContainerRequest request, org.eclipse.jetty.server.Request jetty) {
        String requestId = requestIds.next();
        S3Response s3 = service.handle(new JerseyS3Request(request, jetty), requestId);
        boolean close = false;
        if (s3.status() >= 400) {
            close = !RequestBodyDrain.discardRest(jetty, ObservedExchange.bodyBytesRead(jetty) > 0,
                    s3.facts().authenticated());
        }
        FactsAttribute.attach(jetty, s3.facts());
        ServerLogHook logHook = ServerLogHook.of(serverLog, jetty, s3.facts(), requestIds.hostId(requestId),
                s3.status());
        Response.ResponseBuilder builder = Response.status(s3.status());
        if (close) {
            builder.header("Connection", "close");
        }
        builder.header("x-amz-request-id", requestId);
        builder.header("x-amz-id-2", requestIds.hostId(requestId));
        builder.header("Server", "Coffer");
        for (Map.Entry<String, String> h : s3.headers()) {
            builder.header(h.getKey(), HeaderBytes.toWire(h.getValue()));
        }
        if (s3.contentLength() >= 0) {
            builder.header("Content-Length", Long.toString(s3.contentLength()));
        }
        if (s3.body() != null) {
            S3Response.Body body = s3.body();
            int bufferSize = (int) Math.min(WRITE_SIZE, s3.contentLength() < 0 ? WRITE_SIZE
                    : Math.max(1, s3.contentLength()));
            long length = s3.contentLength();
            builder.entity((StreamingOutput) out -> writeOrAbort(body, logHook == null ? out
                    : logHook.guard(out, length), bufferSize, jetty, requestId));
        }
        if (logHook != null && (s3.body() == null || "HEAD".equals(jetty.getMethod()))) {
            logHook.record(0);
        }
        return builder.build();
    }

    /**
     * Streams the body. When it fails after the status line went out (damage found in a later segment, the disk,
     * the client going away), the only honest signal left is to cut the connection: the client sees a body shorter
     * than its Content-Length, never a complete-looking wrong one, and never waits for bytes that will not come.
     */
    private static void writeOrAbort(S3Response.Body body, java.io.OutputStream out, int bufferSize,
                                     org.eclipse.jetty.server.Request jetty, String requestId) throws IOException {
        try {
            BufferedOutputStream buffered = new BufferedOutputStream(out, bufferSize);
            body.writeTo(buffered);
            buffered.flush();
            if (out instanceof ServerLogHook.Guard guard) {
                guard.finish();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("request {}: response body aborted: {}", requestId, e.toString());
            AbortableExchange.abort(jetty, e);
            throw e;
        }
    }
}
