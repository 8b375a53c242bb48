package coffer.gateway.console;

import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * The answer carrying a shared file's bytes: 200 with all of them or 206 with one range, streamed from the engine
 * (decrypted there), with the file's type, length, ETag and Last-Modified. A shared file is someone's content on the
 * console's origin, so it is never run as part of the console: its answer carries its own Content-Security-Policy
 * ({@code sandbox}, nothing loaded), {@code nosniff}, and is shown in the browser ({@code inline}) only for images,
 * audio, video, PDF and plain text; anything else is a download ({@code attachment}).
 */
final class ShareDownload {
    static final String CSP = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";
    private static final Set<String> INLINE_EXACT = Set.of("application/pdf", "text/plain");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private ShareDownload() {
    }

    static Response response(ObjectStorage storage, ObjectRecord object, ShareRange range, boolean head) {
        long first = range == null ? 0 : range.first();
        long length = range == null ? object.size() : range.length();
        String type = object.metadata().contentType() == null ? "binary/octet-stream"
                : object.metadata().contentType();
        Response.ResponseBuilder answer = Response.status(range == null ? 200 : 206)
                .header("Content-Type", type)
                .header("Content-Length", Long.toString(length))
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + object.etag() + "\"")
                .header("Last-Modified", HTTP_DATE.format(object.lastModified()))
                .header("Content-Disposition", disposition(type, object.key()))
                .header("Content-Security-Policy", CSP)
                .header("Cache-Control", "private, no-store");
        if (range != null) {
            answer.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + object.size());
        }
        if (!head && length > 0) {
            long last = first + length - 1;
            answer.entity((jakarta.ws.rs.core.StreamingOutput) out -> {
                try (InputStream in = storage.openObject(object, first, last, null)) {
                    in.transferTo(out);
                }
            });
        }
        return answer.build();
    }

    /** inline for what a browser shows safely, else attachment; the file name is the key's last segment. */
    static String disposition(String type, String key) {
        String base = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean inline = base.startsWith("image/") && !base.equals("image/svg+xml") || base.startsWith("video/")
                || base.startsWith("audio/") || INLINE_EXACT.contains(base);
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            name = "download";
        }
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
