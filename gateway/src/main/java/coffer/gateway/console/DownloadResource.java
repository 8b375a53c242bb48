package coffer.gateway.console;

import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.blob.CustomerKeyException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/buckets/NAME/download?key=K}: the object's bytes, decrypted by the engine and streamed, as an
 * attachment (never shown in the console's origin: {@code application/octet-stream} and
 * {@code Content-Disposition: attachment}, whatever type the object has), with one byte range if asked
 * ({@code Range: bytes=a-b}, {@code a-}, {@code -n}; 206, or 416 when unsatisfiable; several ranges get the whole
 * object). An object under a customer key (SSE-C) cannot be read here: 403 CustomerKeyRequired.
 */
@Path("/api/buckets/{bucket}/download")
public final class DownloadResource {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");
    private static final int BUFFER = 64 * 1024;

    private final FilesAccess access;

    DownloadResource(FilesAccess access) {
        this.access = access;
    }

    @GET
    public Response download(@PathParam("bucket") String name, @QueryParam("key") String key,
                             @HeaderParam("Range") String range, @Context ContainerRequestContext request)
            throws IOException {
        Bucket bucket = access.owned(request, name);
        FilesAccess.key(key, "key");
        ObjectRecord object = access.storage().findObject(bucket, key)
                .orElseThrow(() -> new ConsoleException(404, "NoSuchKey", "no such file", null));
        try {
            access.storage().checkCustomerKey(object, null);
        } catch (CustomerKeyException e) {
            throw new ConsoleException(403, "CustomerKeyRequired", "this file is encrypted with a key of your own"
                    + " (SSE-C); read it with an S3 client that has the key", null);
        }
        long size = object.size();
        long first = 0;
        long last = size - 1;
        int status = 200;
        Matcher m = range == null ? null : RANGE.matcher(range.strip());
        if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            if (m.group(1).isEmpty()) {
                first = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            }
            if (first >= size || first > last) {
                return Response.status(416).header("Content-Range", "bytes */" + size).build();
            }
            status = 206;
        }
        long from = first;
        long to = last;
        StreamingOutput body = out -> {
            if (to < from) {
                return;
            }
            try (InputStream in = access.storage().openObject(object, from, to, null)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
        };
        Response.ResponseBuilder answer = Response.status(status).entity(body)
                .type("application/octet-stream")
                .header("Content-Length", Long.toString(Math.max(0, last - first + 1)))
                .header("Content-Disposition", disposition(key))
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + object.etag() + "\"")
                .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        object.lastModified().atOffset(ZoneOffset.UTC)));
        if (status == 206) {
            answer.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        return answer.build();
    }

    /** attachment with the key's last segment: an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187). */
    static String disposition(String key) {
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        String file = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (file.isEmpty()) {
            file = "download";
        }
        StringBuilder ascii = new StringBuilder();
        for (char c : file.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        String encoded = URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
