package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import coffer.s3.BucketNames;
import coffer.storage.Bucket;
import coffer.storage.StoreException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The files page's buckets (docs/console.md, "Files"): the signed-in account's buckets, listed, created and deleted
 * when empty, straight on the engine's {@link coffer.storage.ObjectStorage} as the account. Objects are
 * {@link ObjectsResource}'s, downloads {@link DownloadResource}'s, multipart uploads {@link UploadsResource}'s.
 */
@Path("/api/buckets")
public final class FilesResource {
    private final FilesAccess access;
    private final String region;
    private final ConsoleJson json;

    FilesResource(FilesAccess access, String region, ConsoleJson json) {
        this.access = access;
        this.region = region;
        this.json = json;
    }

    @GET
    public Response buckets(@Context ContainerRequestContext request) {
        Session session = FilesAccess.session(request);
        ObjectNode answer = json.object();
        ArrayNode list = answer.putArray("buckets");
        for (Bucket b : access.storage().listBuckets(session.accountId())) {
            list.addObject().put("name", b.name()).put("created", b.created().toString());
        }
        return json.answer(200, answer);
    }

    @POST
    public Response create(InputStream body, @Context ContainerRequestContext request) {
        Session session = FilesAccess.session(request);
        JsonNode given = json.readObject(body);
        String name = ConsoleJson.text(given, "name");
        if (!BucketNames.isValid(name)) {
            throw ConsoleException.badField("InvalidBucketName", "name", "a bucket name is 3 to 63 characters:"
                    + " lower-case letters, digits, dots and dashes, starting and ending with a letter or digit");
        }
        try {
            Bucket b = access.storage().createBucket(session.accountId(), name, region);
            ObjectNode answer = json.object();
            answer.put("name", b.name()).put("created", b.created().toString());
            return json.answer(201, answer);
        } catch (StoreException e) {
            throw switch (e.reason()) {
                case BUCKET_ALREADY_EXISTS -> new ConsoleException(409, "BucketAlreadyExists",
                        "this bucket name is taken; bucket names are shared by everyone, choose another", "name");
                case BUCKET_ALREADY_OWNED_BY_YOU -> new ConsoleException(409, "BucketAlreadyOwnedByYou",
                        "you already have a bucket of this name", "name");
                default -> FilesAccess.refusal(e);
            };
        }
    }

    /** Deletes the bucket if nothing is left in it: 409 BucketNotEmpty otherwise (objects, old versions). */
    @DELETE
    @Path("{bucket}")
    public Response delete(@PathParam("bucket") String name, @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        try {
            access.storage().deleteBucket(bucket);
        } catch (StoreException e) {
            throw switch (e.reason()) {
                case BUCKET_NOT_EMPTY -> new ConsoleException(409, "BucketNotEmpty", "the bucket " + name
                        + " is not empty: delete its files and folders first (and their old versions, if it keeps"
                        + " versions)", null);
                case NO_SUCH_BUCKET -> new ConsoleException(404, "NoSuchBucket", "no such bucket", null);
                default -> FilesAccess.refusal(e);
            };
        }
        return Response.noContent().build();
    }
}
