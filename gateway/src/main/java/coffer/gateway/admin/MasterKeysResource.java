package coffer.gateway.admin;

import coffer.storage.accounts.Accounts;
import coffer.storage.keys.KeyRotation;
import coffer.storage.keys.KeyRotationException;
import coffer.storage.keys.KeyStatus;
import coffer.storage.keys.RewrapJob;
import coffer.storage.keys.VersionUsage;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Master key administration (docs/operations.md): {@code GET /v1/master-keys} (versions, values per version, the
 * re-wrap job), {@code POST /v1/master-keys/rotate}, {@code POST /v1/master-keys/rewrap} (resume the job),
 * {@code DELETE /v1/master-keys/{version}} (shred an unused old version). Changes are audited. No key material
 * ever appears in an answer. Thread-safe.
 */
@Path("/v1/master-keys")
public final class MasterKeysResource {
    private final KeyRotation rotation;
    private final Accounts audit;
    private final AdminJson json;

    public MasterKeysResource(KeyRotation rotation, Accounts audit, AdminJson json) {
        this.rotation = rotation;
        this.audit = audit;
        this.json = json;
    }

    @GET
    public Response status() {
        return AdminRequests.json(200, json, status(rotation.status()));
    }

    @POST
    @Path("rotate")
    public Response rotate(@Context HttpHeaders headers) {
        int version = rotation.rotate();
        audit.audit(AdminRequests.actor(headers), "master-key.rotate", Integer.toString(version), null);
        ObjectNode body = json.object().put("version", version);
        body.set("rewrap", job(rotation.job()));
        return AdminRequests.json(201, json, body);
    }

    @POST
    @Path("rewrap")
    public Response rewrap(@Context HttpHeaders headers) {
        boolean started = rotation.startRewrap();
        audit.audit(AdminRequests.actor(headers), "master-key.rewrap", null, started ? "started" : "running");
        ObjectNode body = json.object().put("started", started);
        body.set("rewrap", job(rotation.job()));
        return AdminRequests.json(202, json, body);
    }

    @DELETE
    @Path("{version}")
    public Response destroy(@PathParam("version") String version, @Context HttpHeaders headers) {
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw AdminException.badField("version", "version must be a number");
        }
        try {
            rotation.destroy(v);
        } catch (KeyRotationException e) {
            throw switch (e.problem()) {
                case NO_SUCH_VERSION -> AdminException.notFound("NoSuchKeyVersion", e.getMessage());
                case CURRENT_VERSION -> new AdminException(409, "KeyVersionCurrent", e.getMessage(), null);
                case VERSION_IN_USE -> new AdminException(409, "KeyVersionInUse", e.getMessage(), null);
            };
        }
        audit.audit(AdminRequests.actor(headers), "master-key.destroy", Integer.toString(v), null);
        return AdminRequests.json(200, json, json.object().put("version", v).put("destroyed", true));
    }

    private ObjectNode status(KeyStatus s) {
        ObjectNode body = json.object().put("current", s.currentVersion());
        ArrayNode versions = body.putArray("versions");
        for (VersionUsage u : s.versions()) {
            ObjectNode v = versions.addObject().put("version", u.version()).put("loaded", u.loaded())
                    .put("current", u.current()).put("rows", u.total());
            ObjectNode columns = v.putObject("columns");
            u.rows().forEach(columns::put);
        }
        body.set("rewrap", job(s.rewrap()));
        return body;
    }

    private ObjectNode job(RewrapJob j) {
        ObjectNode n = json.object().put("state", j.running() ? "running" : "idle");
        time(n, "started", j.started());
        time(n, "finished", j.finished());
        n.put("rewrapped", j.rewrapped()).put("skipped", j.skipped()).put("failed", j.failed());
        if (j.error() == null) {
            n.putNull("error");
        } else {
            n.put("error", j.error());
        }
        return n;
    }

    private static void time(ObjectNode n, String field, Instant at) {
        if (at == null) {
            n.putNull(field);
        } else {
            n.put(field, at.toString());
        }
    }
}
