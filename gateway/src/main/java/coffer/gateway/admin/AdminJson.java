package coffer.gateway.admin;

import coffer.storage.accounts.AccessKeyInfo;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.AccountDetails;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.DeletionReport;
import coffer.storage.accounts.Plan;
import coffer.storage.accounts.legacy.BadRow;
import coffer.storage.accounts.legacy.RestoreReport;
import coffer.storage.accounts.legacy.RestoredAccount;
import coffer.storage.quota.UsageDrift;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * The admin API's JSON: how each value is shown (field names are part of the API: add, never rename) and how
 * request bodies are read. Sizes are numbers of bytes. Thread-safe (ObjectMapper is, once configured).
 */
public final class AdminJson {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The request body as an object; 400 if it is not a JSON object. An empty body is an empty object. */
    public JsonNode readObject(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw AdminException.badField(null, "the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw AdminException.badField(null, "the request body is not valid JSON");
        }
    }

    public byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public ArrayNode array() {
        return mapper.createArrayNode();
    }

    public ObjectNode error(String code, String message, String field) {
        ObjectNode error = object();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        ObjectNode root = object();
        root.set("error", error);
        return root;
    }

    public ObjectNode account(AccountInfo a) {
        ObjectNode n = object();
        n.put("id", a.id());
        n.put("name", a.name());
        n.put("displayName", a.displayName());
        n.put("email", a.email());
        n.put("state", a.state().value());
        n.put("plan", a.plan());
        n.put("quotaBytes", a.quotaBytes());
        if (a.quotaOverride() == null) {
            n.putNull("quotaOverride");
        } else {
            n.put("quotaOverride", a.quotaOverride());
        }
        n.put("legacyId", a.legacyId());
        n.put("created", a.created().toString());
        ObjectNode usage = n.putObject("usage");
        usage.put("usedBytes", a.usage().usedBytes());
        usage.put("reservedBytes", a.usage().reservedBytes());
        usage.put("objectCount", a.usage().objectCount());
        return n;
    }

    public ObjectNode accounts(List<AccountInfo> all) {
        ObjectNode n = object();
        ArrayNode list = n.putArray("accounts");
        all.forEach(a -> list.add(account(a)));
        return n;
    }

    public ObjectNode details(AccountDetails d) {
        ObjectNode n = account(d.account());
        ArrayNode keys = n.putArray("keys");
        for (AccessKeyInfo k : d.keys()) {
            ObjectNode key = keys.addObject();
            key.put("accessKeyId", k.accessKeyId());
            key.put("state", k.state());
            key.put("created", k.created().toString());
        }
        return n;
    }

    /** The one place a secret key goes on the wire: the answer to the request that created it. */
    public ObjectNode newKey(AccessKeyPair key) {
        ObjectNode n = object();
        n.put("accessKeyId", key.accessKeyId());
        n.put("secretKey", key.secretKey());
        return n;
    }

    public ObjectNode deletion(DeletionReport r) {
        ObjectNode n = object();
        n.put("name", r.name());
        n.put("state", "deleted");
        n.put("keysRevoked", r.keysRevoked());
        n.put("bucketsDeleted", r.bucketsDeleted());
        n.put("objectsDeleted", r.objectsDeleted());
        return n;
    }

    public ObjectNode plans(List<Plan> plans) {
        ObjectNode n = object();
        ArrayNode list = n.putArray("plans");
        for (Plan p : plans) {
            list.addObject().put("name", p.name()).put("quotaBytes", p.quotaBytes());
        }
        return n;
    }

    public ObjectNode drifts(List<UsageDrift> drifts) {
        ObjectNode n = object();
        ArrayNode list = n.putArray("accounts");
        long total = 0;
        for (UsageDrift d : drifts) {
            ObjectNode o = list.addObject();
            o.put("name", d.name());
            o.put("recordedBytes", d.recordedBytes());
            o.put("actualBytes", d.actualBytes());
            o.put("driftBytes", d.driftBytes());
            o.put("recordedObjects", d.recordedObjects());
            o.put("actualObjects", d.actualObjects());
            o.put("driftObjects", d.driftObjects());
            total += Math.abs(d.driftBytes()) + Math.abs(d.driftObjects());
        }
        n.put("drift", total != 0);
        return n;
    }

    public ObjectNode restore(RestoreReport r) {
        ObjectNode n = object();
        n.put("sha256", r.sha256());
        n.put("rows", r.rows());
        n.put("changedNothing", r.changedNothing());
        ArrayNode restored = n.putArray("restored");
        for (RestoredAccount a : r.restored()) {
            restored.addObject().put("line", a.line()).put("legacyId", a.legacyId()).put("name", a.name())
                    .put("email", a.email()).put("accessKeyId", a.accessKeyId()).put("secretKey", a.secretKey());
        }
        ArrayNode unchanged = n.putArray("unchanged");
        r.unchanged().forEach(unchanged::add);
        ArrayNode bad = n.putArray("bad");
        for (BadRow b : r.bad()) {
            bad.addObject().put("line", b.line()).put("legacyId", b.legacyId()).put("reason", b.reason());
        }
        return n;
    }
}
