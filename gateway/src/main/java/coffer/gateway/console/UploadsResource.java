package coffer.gateway.console;

import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.StoreException;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
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

/**
 * Multipart uploads of the files page (docs/console.md, "Uploads"), through the engine's
 * {@link coffer.storage.multipart.MultipartStorage} as the account (no S3 signatures): open an upload for a file of
 * a declared size (refused with 403 QuotaExceeded before any byte is sent when the size does not fit the room left;
 * the answer names the part size), store parts (each claimed against the quota as an S3 UploadPart, at most
 * {@link ConsoleBodyLimit#MAX_UPLOAD_BYTES}), list the parts stored (to resume), complete with parts 1..N as
 * stored, abort.
 */
@Path("/api/buckets/{bucket}/uploads")
public final class UploadsResource {
    /** The console's part size for files up to 10,000 of them (78 GiB); larger files get larger parts. */
    static final long PART_BYTES = 8L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;
    private static final long MIB = 1024 * 1024;

    private final FilesAccess access;
    private final ConsoleJson json;

    UploadsResource(FilesAccess access, ConsoleJson json) {
        this.access = access;
        this.json = json;
    }

    /** {@code {"key", "size", "type"?}}: 201 {@code {"uploadId", "key", "partSize", "partCount"}}. */
    @POST
    public Response create(@PathParam("bucket") String name, InputStream body,
                           @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        JsonNode given = json.readObject(body);
        String key = FilesAccess.key(ConsoleJson.text(given, "key"), "key");
        JsonNode sizeNode = given.get("size");
        if (sizeNode == null || !sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
            throw ConsoleException.badField("InvalidArgument", "size", "size is the file's length in bytes");
        }
        long size = sizeNode.asLong();
        long partSize = partSize(size);
        AccountInfo account = access.account(bucket.ownerId());
        long free = Math.max(0, account.quotaBytes() - account.usage().usedBytes());
        if (size > free) {
            throw FilesAccess.quotaExceeded("this file needs " + FilesAccess.human(size) + " but only "
                    + FilesAccess.human(free) + " of your " + FilesAccess.human(account.quotaBytes())
                    + " are free; delete something first");
        }
        try {
            Upload upload = access.storage().multipart().createMultipartUpload(NewUpload.of(bucket, key)
                    .metadata(ObjectsResource.metadata(ConsoleJson.text(given, "type"))).build());
            ObjectNode answer = json.object();
            answer.put("uploadId", upload.uploadId()).put("key", key).put("partSize", partSize)
                    .put("partCount", Math.max(1, (size + partSize - 1) / partSize));
            return json.answer(201, answer);
        } catch (StoreException e) {
            throw FilesAccess.refusal(e);
        }
    }

    /** 8 MiB, or the whole MiBs that fit {@code size} in 10,000 parts; 400 FileTooLarge past 32 MiB parts. */
    static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long part = Math.max(PART_BYTES, (needed + MIB - 1) / MIB * MIB);
        if (part > ConsoleBodyLimit.MAX_UPLOAD_BYTES) {
            throw ConsoleException.badField("FileTooLarge", "size", "the console uploads files of up to "
                    + FilesAccess.human(ConsoleBodyLimit.MAX_UPLOAD_BYTES * MAX_PARTS)
                    + "; use an S3 client for larger ones");
        }
        return part;
    }

    /** The parts stored so far, in order: {@code {"parts": [{"part", "size", "etag"}]}}. */
    @GET
    @Path("{uploadId}")
    public Response parts(@PathParam("bucket") String name, @PathParam("uploadId") String uploadId,
                          @QueryParam("key") String key, @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        FilesAccess.key(key, "key");
        ObjectNode answer = json.object();
        ArrayNode parts = answer.putArray("parts");
        for (UploadPart p : allParts(bucket, key, uploadId)) {
            parts.addObject().put("part", p.partNumber()).put("size", p.size()).put("etag", p.etag());
        }
        return json.answer(200, answer);
    }

    /** Stores the body (Content-Length required) as part {@code part} (1..10000), replacing an earlier one. */
    @PUT
    @Path("{uploadId}/parts/{part}")
    public Response part(@PathParam("bucket") String name, @PathParam("uploadId") String uploadId,
                         @PathParam("part") int part, @QueryParam("key") String key, InputStream body,
                         @Context ContainerRequestContext request,
                         @Context org.eclipse.jetty.server.Request jetty) throws IOException {
        Bucket bucket = access.owned(request, name);
        FilesAccess.key(key, "key");
        if (part < 1 || part > MAX_PARTS) {
            throw ConsoleException.badField("InvalidArgument", "part", "a part number is 1 to " + MAX_PARTS);
        }
        long length = jetty.getLength();
        if (length < 0) {
            throw new ConsoleException(411, "MissingContentLength", "a part needs its Content-Length", null);
        }
        try {
            UploadPart stored = access.storage().multipart().uploadPart(PutPart.of(bucket, key, uploadId, part,
                    body, length).quota(QuotaClaim.declared(bucket.ownerId(), length)).build());
            ObjectNode answer = json.object();
            answer.put("part", stored.partNumber()).put("size", stored.size()).put("etag", stored.etag());
            return json.answer(200, answer);
        } catch (QuotaExceededException e) {
            throw FilesAccess.quotaExceeded("this file no longer fits in your storage ("
                    + FilesAccess.human(e.quotaBytes()) + "); delete something first");
        } catch (StoreException e) {
            throw FilesAccess.refusal(e);
        }
    }

    /**
     * {@code {"partCount": N}}: publishes parts 1..N as stored (the server's list, so the request stays small);
     * 400 IncompleteUpload naming the first missing part when one is missing, 400 EntityTooSmall when a part
     * other than the last is under 5 MiB.
     */
    @POST
    @Path("{uploadId}/complete")
    public Response complete(@PathParam("bucket") String name, @PathParam("uploadId") String uploadId,
                             @QueryParam("key") String key, InputStream body,
                             @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        FilesAccess.key(key, "key");
        JsonNode count = json.readObject(body).get("partCount");
        if (count == null || !count.canConvertToInt() || count.asInt() < 1 || count.asInt() > MAX_PARTS) {
            throw ConsoleException.badField("InvalidArgument", "partCount", "partCount is 1 to " + MAX_PARTS);
        }
        int expected = count.asInt();
        List<CompletedPart> chosen = new ArrayList<>(expected);
        for (UploadPart p : allParts(bucket, key, uploadId)) {
            if (p.partNumber() != chosen.size() + 1 || chosen.size() == expected) {
                break;
            }
            chosen.add(new CompletedPart(p.partNumber(), p.etag()));
        }
        if (chosen.size() < expected) {
            throw new ConsoleException(400, "IncompleteUpload", "part " + (chosen.size() + 1) + " of " + expected
                    + " is missing; retry the upload", "partCount");
        }
        try {
            ObjectRecord done = access.storage().multipart().completeMultipartUpload(
                    CompleteUpload.of(bucket, key, uploadId, chosen).build());
            ObjectNode answer = json.object();
            answer.put("key", done.key()).put("size", done.size()).put("etag", done.etag());
            return json.answer(201, answer);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.ENTITY_TOO_SMALL
                    || e.reason() == StoreException.Reason.INVALID_PART) {
                throw new ConsoleException(400, "EntityTooSmall", "every part but the last must be at least 5 MiB",
                        null);
            }
            throw FilesAccess.refusal(e);
        }
    }

    /** Aborts the upload: its parts are deleted and their bytes given back to the quota. */
    @DELETE
    @Path("{uploadId}")
    public Response abort(@PathParam("bucket") String name, @PathParam("uploadId") String uploadId,
                          @QueryParam("key") String key, @Context ContainerRequestContext request) {
        Bucket bucket = access.owned(request, name);
        FilesAccess.key(key, "key");
        try {
            access.storage().multipart().abortMultipartUpload(bucket, key, uploadId);
        } catch (StoreException e) {
            throw FilesAccess.refusal(e);
        }
        return Response.noContent().build();
    }

    /** Every stored part (at most 10,000), page by page. */
    private List<UploadPart> allParts(Bucket bucket, String key, String uploadId) {
        List<UploadPart> all = new ArrayList<>();
        int after = 0;
        try {
            while (true) {
                PartsPage page = access.storage().multipart().listParts(bucket, key, uploadId, after, 1000);
                all.addAll(page.parts());
                if (!page.truncated() || page.parts().isEmpty() || all.size() >= MAX_PARTS) {
                    return all;
                }
                after = page.nextPartNumberMarker();
            }
        } catch (StoreException e) {
            throw FilesAccess.refusal(e);
        }
    }
}
