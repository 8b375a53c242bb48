package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import coffer.s3.BucketNames;
import coffer.storage.Bucket;
import coffer.storage.ListPage;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
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
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The files page's API (docs/console.md, "Files"): the signed-in account's buckets (list, create) and objects
 * (browse one folder level, upload a small file), straight on the engine's {@link ObjectStorage} as the account.
 * A bucket of another account answers exactly as a missing one (404 NoSuchBucket). Uploads declare their length
 * (Content-Length, at most {@link ConsoleBodyLimit#MAX_UPLOAD_BYTES}) and are claimed against the quota like an S3
 * PutObject, so a full account is refused before the body is read.
 */
@Path("/api/buckets")
public final class FilesResource {
    static final int PAGE = 1000;
    private static final int MAX_KEY_BYTES = 1024;
    /** S3's type for objects stored without one. */
    private static final String DEFAULT_TYPE = "binary/octet-stream";
    private static final java.util.regex.Pattern SIMPLE_TYPE = java.util.regex.Pattern.compile(
            "[a-z0-9][a-z0-9.+-]{0,62}/[a-z0-9][a-z0-9.+-]{0,126}");

    private final ObjectStorage storage;
    private final String region;
    private final ConsoleJson json;

    FilesResource(ObjectStorage storage, String region, ConsoleJson json) {
        this.storage = storage;
        this.region = region;
        this.json = json;
    }

    @GET
    public Response buckets(@Context ContainerRequestContext request) {
        Session session = session(request);
        ObjectNode answer = json.object();
        ArrayNode list = answer.putArray("buckets");
        for (Bucket b : storage.listBuckets(session.accountId())) {
            list.addObject().put("name", b.name()).put("created", b.created().toString());
        }
        return json.answer(200, answer);
    }

    @POST
    public Response create(InputStream body, @Context ContainerRequestContext request) {
        Session session = session(request);
        JsonNode given = json.readObject(body);
        String name = ConsoleJson.text(given, "name");
        if (!BucketNames.isValid(name)) {
            throw ConsoleException.badField("InvalidBucketName", "name", "a bucket name is 3 to 63 characters:"
                    + " lower-case letters, digits, dots and dashes, starting and ending with a letter or digit");
        }
        try {
            Bucket b = storage.createBucket(session.accountId(), name, region);
            ObjectNode answer = json.object();
            answer.put("name", b.name()).put("created", b.created().toString());
            return json.answer(201, answer);
        } catch (StoreException e) {
            throw switch (e.reason()) {
                case BUCKET_ALREADY_EXISTS -> new ConsoleException(409, "BucketAlreadyExists",
                        "this bucket name is taken; bucket names are shared by everyone, choose another", "name");
                case BUCKET_ALREADY_OWNED_BY_YOU -> new ConsoleException(409, "BucketAlreadyOwnedByYou",
                        "you already have a bucket of this name", "name");
                default -> e;
            };
        }
    }

    /** One folder level of a bucket: objects and sub-folders under {@code prefix}, after {@code after}. */
    @GET
    @Path("{bucket}/objects")
    public Response objects(@PathParam("bucket") String name, @QueryParam("prefix") String prefix,
                            @QueryParam("after") String after, @Context ContainerRequestContext request) {
        Bucket bucket = owned(session(request), name);
        ListPage page = storage.listObjects(bucket, prefix == null ? "" : prefix, "/", after == null ? "" : after,
                PAGE);
        ObjectNode answer = json.object();
        ArrayNode objects = answer.putArray("objects");
        for (ObjectRecord o : page.contents()) {
            objects.addObject().put("key", o.key()).put("size", o.size())
                    .put("modified", o.lastModified().toString());
        }
        ArrayNode folders = answer.putArray("folders");
        page.commonPrefixes().forEach(folders::add);
        answer.put("truncated", page.truncated());
        if (page.truncated()) {
            answer.put("next", page.lastReturned());
        }
        return json.answer(200, answer);
    }

    /** Stores the body as {@code key}; Content-Length is required (see {@link ConsoleBodyLimit}). */
    @PUT
    @Path("{bucket}/objects")
    public Response upload(@PathParam("bucket") String name, @QueryParam("key") String key, InputStream body,
                           @Context ContainerRequestContext request,
                           @Context org.eclipse.jetty.server.Request jetty) throws IOException {
        Session session = session(request);
        Bucket bucket = owned(session, name);
        if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ConsoleException.badField("InvalidKey", "key", "a file name is 1 to 1024 bytes");
        }
        long length = jetty.getLength();
        if (length < 0) {
            throw new ConsoleException(411, "MissingContentLength", "an upload needs its Content-Length", null);
        }
        try {
            ObjectRecord stored = storage.putObject(PutObject.of(bucket, key, body, length)
                    .metadata(new ObjectMetadata(contentType(jetty), null, null, null, null, null, Map.of()))
                    .quota(QuotaClaim.declared(session.accountId(), length)).build());
            ObjectNode answer = json.object();
            answer.put("key", stored.key()).put("size", stored.size()).put("etag", stored.etag());
            return json.answer(201, answer);
        } catch (QuotaExceededException e) {
            throw new ConsoleException(403, "QuotaExceeded", "this file does not fit in your storage ("
                    + e.quotaBytes() + " bytes); delete something first", null);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.INSUFFICIENT_STORAGE) {
                throw new ConsoleException(507, "InsufficientStorage", "the service's disks are full", null);
            }
            throw e;
        }
    }

    /** The upload's Content-Type (the browser's type of the file) if a plain type/subtype, else S3's default. */
    private static String contentType(org.eclipse.jetty.server.Request jetty) {
        String given = jetty.getHeaders().get("Content-Type");
        String type = given == null ? "" : given.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return SIMPLE_TYPE.matcher(type).matches() ? type : DEFAULT_TYPE;
    }

    private Bucket owned(Session session, String name) {
        return storage.findBucket(name).filter(b -> b.ownerId() == session.accountId())
                .orElseThrow(() -> new ConsoleException(404, "NoSuchBucket", "no such bucket", null));
    }

    private static Session session(ContainerRequestContext request) {
        return ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession);
    }
}
