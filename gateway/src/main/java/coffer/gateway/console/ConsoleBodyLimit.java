package coffer.gateway.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Bounds every request body on the console port before Jersey sees it: a body must declare its length
 * (Content-Length; a chunked body gets 411) and that length may be at most {@link #MAX_BODY_BYTES}, or
 * {@link #MAX_UPLOAD_BYTES} for a file upload ({@code PUT /api/buckets/NAME/objects}) or an upload's part
 * ({@code PUT /api/buckets/NAME/uploads/ID/parts/N}); more gets 413 at once,
 * the body unread. Jetty never reads past a declared Content-Length, so no body can exceed its bound.
 */
final class ConsoleBodyLimit extends Handler.Wrapper {
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** The largest body of an upload request: a small file, or one part of a multipart upload. */
    static final long MAX_UPLOAD_BYTES = 32L * 1024 * 1024;
    private static final Pattern UPLOAD = Pattern.compile(
            "/api/buckets/[^/]+/(objects|uploads/[^/]+/parts/[0-9]+)");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean upload = "PUT".equals(request.getMethod()) && UPLOAD.matcher(Request.getPathInContext(request))
                .matches();
        long limit = upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
        long length = request.getLength();
        if (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return refuse(response, callback, 411, "MissingContentLength", "a request body needs its Content-Length");
        }
        if (length > limit) {
            return refuse(response, callback, 413, "EntityTooLarge", "the request body is larger than " + limit
                    + " bytes");
        }
        return super.handle(request, response, callback);
    }

    private static boolean refuse(Response response, Callback callback, int status, String code, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
