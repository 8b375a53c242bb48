package coffer.gateway.admin;

import coffer.storage.accounts.legacy.LegacyRestore;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /v1/restore?source=NAME} with the legacy CSV export as the body: restores its accounts (see
 * {@link LegacyRestore}) and answers the report, including the new credentials. They appear in this answer only.
 */
@Path("/v1/restore")
public final class RestoreResource {
    /** Exports of closed accounts are small; this bounds the memory one request may take. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private final LegacyRestore restore;
    private final AdminJson json;

    public RestoreResource(LegacyRestore restore, AdminJson json) {
        this.restore = restore;
        this.json = json;
    }

    @POST
    public Response restore(InputStream in, @QueryParam("source") String source, @Context HttpHeaders headers)
            throws IOException {
        byte[] file = AdminRequests.body(in, MAX_FILE_BYTES);
        String name = source == null || source.isBlank() ? "(unnamed)" : source.strip();
        try {
            return AdminRequests.json(200, json, json.restore(restore.restore(file, name,
                    AdminRequests.actor(headers))));
        } catch (IllegalArgumentException e) {
            throw AdminException.badField("file", e.getMessage());
        }
    }
}
