package coffer.gateway.admin;

import coffer.storage.accounts.Accounts;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** {@code DELETE /v1/keys/{accessKeyId}}: revokes a key; the next request signed with it fails. Thread-safe. */
@Path("/v1/keys")
public final class KeysResource {
    private final Accounts accounts;
    private final AdminJson json;

    public KeysResource(Accounts accounts, AdminJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @DELETE
    @Path("{accessKeyId}")
    public Response revoke(@PathParam("accessKeyId") String accessKeyId, @Context HttpHeaders headers) {
        accounts.revokeKey(accessKeyId);
        accounts.audit(AdminRequests.actor(headers), "key.revoke", accessKeyId, null);
        return AdminRequests.json(200, json, json.object().put("accessKeyId", accessKeyId).put("state", "revoked"));
    }
}
