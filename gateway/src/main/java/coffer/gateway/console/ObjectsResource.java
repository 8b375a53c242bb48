package coffer.gateway.console;

import coffer.storage.Bucket;
import coffer.storage.DeleteCondition;
import coffer.storage.ListPage;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.StoreException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The objects of one of the account's buckets (docs/console.md, "Files"): one folder level a page at a time (the
 * delimiter {@code /}, continuation by the last key of the page), a small file stored in one request, a folder
 * marker, several objects or whole folders deleted, an object or a small folder renamed. Moves are
 * {@link ObjectMover}'s.
 */
@Path("/api/buckets/{bucket}/objects")
public final class ObjectsResource {
    static final int PAGE = 1000;
    /** Keys deleted by one request at most, as DeleteObjects; a folder's remainder needs another request. */
    static final int MAX_DELETES = 1000;
    static final int MAX_DELETE_PREFIXES = 100;
    /** The delete request's JSON: 1,000 keys of up to 1 KiB do not fit; the port's limit (64 KiB) bounds it. */
    static final int MAX_DELETE_BODY = (int) ConsoleBodyLimit.MAX_BODY_BYTES;
    /** S3's type for objects stored without one. */
    private static final String DEFAULT_TYPE = "binary/octet-stream";
    private static final Pattern SIMPLE_TYPE = Pattern.compile(
            "[a-z0-9][a-z0-9.+-]{0,62}/[a-z0-9][a-z0-9.+-]{0,126}");

    private final FilesAccess access;
    private final ConsoleJson json;
    private final ObjectMover mover;

    ObjectsResource(FilesAccess access, ConsoleJson json) {
        this.access = access;
        this.json = json;
        this.mover = new ObjectMover(access.storage());
    }

    /**
     * One page of one folder level: objects and sub-folders under {@code prefix} (a folder, or a folder and the
     * start of a name when searching), after {@code after} (the previous page's {@code next}), at most
     * {@code limit} (1..1000) entries, in key order. The folder's own marker object is left out.
     */
    @GET
    public Response list(@PathParam("bucket") String name, @QueryParam("prefix") String prefix,
                         @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                         @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        String p = prefix == null ? "" : prefix;
        String a = after == null ? "" : after;
        if (p.length() > FilesAccess.MAX_KEY_BYTES || a.length() > FilesAccess.MAX_KEY_BYTES) {
            throw ConsoleException.badField("InvalidArgument", "prefix", "a prefix is at most 1024 bytes");
        }
        int max = limit == null ? PAGE : limit;
        if (max < 1 || max > PAGE) {
            throw ConsoleException.badField("InvalidArgument", "limit", "limit is 1 to " + PAGE);
        }
        ListPage page = access.storage().listObjects(bucket, p, "/", a, max);
        ObjectNode answer = json.object();
        answer.put("prefix", p);
        ArrayNode objects = answer.putArray("objects");
        for (ObjectRecord o : page.contents()) {
            if (!o.key().equals(p) || !p.endsWith("/")) {
                objects.addObject().put("key", o.key()).put("size", o.size())
                        .put("modified", o.lastModified().toString());
            }
        }
        ArrayNode folders = answer.putArray("folders");
        page.commonPrefixes().forEach(folders::add);
        answer.put("truncated", page.truncated());
        if (page.truncated()) {
            answer.put("next", page.lastReturned());
        }
        return json.answer(200, answer);
    }

    /** Stores the body as {@code key}; Content-Length is required, at most 32 MiB (see {@link ConsoleBodyLimit}). */
    @PUT
    public Response upload(@PathParam("bucket") String name, @QueryParam("key") String key, InputStream body,
                           @Context ContainerRequestContext request,
                           @Context org.eclipse.jetty.server.Request jetty) throws IOException {
        Bucket bucket = access.owned(request, name);
        FilesAccess.key(key, "key");
        long length = jetty.getLength();
        if (length < 0) {
            throw new ConsoleException(411, "MissingContentLength", "an upload needs its Content-Length", null);
        }
        try {
            ObjectRecord stored = access.storage().putObject(PutObject.of(bucket, key, body, length)
                    .metadata(metadata(jetty.getHeaders().get("Content-Type")))
                    .quota(QuotaClaim.declared(bucket.ownerId(), length)).build());
            ObjectNode answer = json.object();
            answer.put("key", stored.key()).put("size", stored.size()).put("etag", stored.etag());
            return json.answer(201, answer);
        } catch (QuotaExceededException e) {
            throw FilesAccess.quotaExceeded("this file (" + FilesAccess.human(length) + ") does not fit in your"
                    + " storage (" + FilesAccess.human(e.quotaBytes()) + "); delete something first");
        } catch (StoreException e) {
            throw FilesAccess.refusal(e);
        }
    }

    /** A folder: the zero-byte object {@code key} (ending in {@code /}), as S3 consoles make them. */
    @POST
    @Path("folder")
    public Response folder(@PathParam("bucket") String name, InputStream body,
                           @Context ContainerRequestContext request) throws IOException {
        Bucket bucket = access.owned(request, name);
        String key = FilesAccess.key(ConsoleJson.text(json.readObject(body), "key"), "key");
        if (!key.endsWith("/") || key.equals("/") || key.contains("//")) {
            throw ConsoleException.badField("InvalidKey", "key", "a folder name ends with / and is not empty");
        }
        try {
            access.storage().putObject(PutObject.of(bucket, key, InputStream.nullInputStream(), 0)
                    .metadata(metadata(null)).quota(QuotaClaim.declared(bucket.ownerId(), 0)).build());
        } catch (StoreException e) {
            throw FilesAccess.refusal(e);
        }
        ObjectNode answer = json.object();
        answer.put("key", key);
        return json.answer(201, answer);
    }

    /**
     * Deletes {@code keys} (objects) and what lies under {@code prefixes} (folders), as DeleteObjects does: each
     * key on its own, a failure reported per key, a missing key no error. At most 1,000 deletions a request: when
     * a folder holds more, {@code more} is true and the same request deletes the next ones.
     */
    @POST
    @Path("delete")
    public Response delete(@PathParam("bucket") String name, InputStream body,
                           @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        JsonNode given = json.readObject(body, MAX_DELETE_BODY);
        List<String> keys = strings(given, "keys", MAX_DELETES);
        List<String> prefixes = strings(given, "prefixes", MAX_DELETE_PREFIXES);
        for (String prefix : prefixes) {
            if (!prefix.endsWith("/")) {
                throw ConsoleException.badField("InvalidArgument", "prefixes", "a folder ends with /");
            }
        }
        ObjectNode answer = json.object();
        ArrayNode errors = answer.putArray("errors");
        int deleted = 0;
        for (String key : keys) {
            deleted += deleteOne(bucket, key, errors);
        }
        boolean more = false;
        for (String prefix : prefixes) {
            if (deleted >= MAX_DELETES) {
                more = true;
                break;
            }
            ListPage page = access.storage().listObjects(bucket, prefix, "", "", MAX_DELETES - deleted);
            for (ObjectRecord o : page.contents()) {
                deleted += deleteOne(bucket, o.key(), errors);
            }
            more |= page.truncated();
        }
        answer.put("deleted", deleted);
        answer.put("more", more && errors.isEmpty());
        return json.answer(200, answer);
    }

    private int deleteOne(Bucket bucket, String key, ArrayNode errors) {
        try {
            access.storage().deleteObject(bucket, key, DeleteCondition.NONE);
            return 1;
        } catch (StoreException e) {
            RuntimeException said = FilesAccess.refusal(e);
            ConsoleException c = said instanceof ConsoleException ce ? ce
                    : new ConsoleException(403, "AccessDenied", "this file cannot be deleted now", null);
            errors.addObject().put("key", key).put("code", c.code()).put("message", c.getMessage());
            return 0;
        }
    }

    /**
     * Renames or moves {@code from} to {@code to} (copy, then delete of the source): an object, or a folder (both
     * ending in {@code /}) of at most {@link ObjectMover#MAX_FOLDER_OBJECTS} objects. An existing target is never
     * replaced (409 KeyExists).
     */
    @POST
    @Path("rename")
    public Response rename(@PathParam("bucket") String name, InputStream body,
                           @Context ContainerRequestContext request) throws IOException {
        Bucket bucket = access.owned(request, name);
        JsonNode given = json.readObject(body);
        String from = FilesAccess.key(ConsoleJson.text(given, "from"), "from");
        String to = FilesAccess.key(ConsoleJson.text(given, "to"), "to");
        ObjectNode answer = json.object();
        answer.put("moved", mover.move(bucket, from, to));
        return json.answer(200, answer);
    }

    /** Object metadata with the browser's type of the file if a plain type/subtype, else S3's default. */
    static ObjectMetadata metadata(String given) {
        String type = given == null ? "" : given.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return new ObjectMetadata(SIMPLE_TYPE.matcher(type).matches() ? type : DEFAULT_TYPE, null, null, null, null,
                null, Map.of());
    }

    /** The array of strings {@code field} (absent: empty), each a valid key, at most {@code max}. */
    private static List<String> strings(JsonNode body, String field, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > max) {
            throw ConsoleException.badField("InvalidArgument", field, field + " is a list of at most " + max
                    + " names");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw ConsoleException.badField("InvalidArgument", field, field + " holds strings");
            }
            out.add(FilesAccess.key(e.asText(), field));
        }
        return out;
    }
}
