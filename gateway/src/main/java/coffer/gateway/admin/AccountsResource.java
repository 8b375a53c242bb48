package coffer.gateway.admin;

import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.CreatedAccount;
import coffer.storage.accounts.NewAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /v1/accounts}: create, list, show, suspend, resume, delete; an account's keys, quota and plan. Every
 * change is recorded in the audit table with the client's {@code X-Coffer-Actor}. Thread-safe.
 */
@Path("/v1/accounts")
public final class AccountsResource {
    private final Accounts accounts;
    private final AdminJson json;

    public AccountsResource(Accounts accounts, AdminJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @GET
    public Response list() {
        return AdminRequests.json(200, json, json.accounts(accounts.list()));
    }

    /** Body: {@code {"name", "email"?, "displayName"?, "plan"?, "quota"?}}; answers the account and its key. */
    @POST
    public Response create(InputStream in, @Context HttpHeaders headers) throws IOException {
        JsonNode body = json.readObject(AdminRequests.body(in, AdminRequests.MAX_JSON_BYTES));
        String name = AdminRequests.requiredText(body, "name");
        if (!NewAccount.isValidName(name)) {
            throw AdminException.badField("name", "name must be 1..128 characters A-Z a-z 0-9 . _ @ -,"
                    + " starting with a letter or digit");
        }
        String email = AdminRequests.text(body, "email");
        if (email != null && (email.length() > 320 || !email.contains("@"))) {
            throw AdminException.badField("email", "email must be an e-mail address");
        }
        String displayName = AdminRequests.text(body, "displayName");
        if (displayName != null && displayName.length() > 255) {
            throw AdminException.badField("displayName", "displayName must be at most 255 characters");
        }
        NewAccount account = new NewAccount(name, displayName, email, AdminRequests.text(body, "plan"),
                AdminRequests.size(body, "quota"), null, null);
        CreatedAccount created = accounts.create(account);
        accounts.audit(AdminRequests.actor(headers), "account.create", name, "plan=" + created.account().plan());
        ObjectNode answer = json.account(created.account());
        answer.set("key", json.newKey(created.key()));
        return AdminRequests.json(201, json, answer);
    }

    @GET
    @Path("{name}")
    public Response show(@PathParam("name") String name) {
        return AdminRequests.json(200, json, json.details(accounts.show(name)));
    }

    @POST
    @Path("{name}/suspend")
    public Response suspend(@PathParam("name") String name, @Context HttpHeaders headers) {
        AccountInfo a = accounts.suspend(name);
        accounts.audit(AdminRequests.actor(headers), "account.suspend", name, null);
        return AdminRequests.json(200, json, json.account(a));
    }

    @POST
    @Path("{name}/resume")
    public Response resume(@PathParam("name") String name, @Context HttpHeaders headers) {
        AccountInfo a = accounts.resume(name);
        accounts.audit(AdminRequests.actor(headers), "account.resume", name, null);
        return AdminRequests.json(200, json, json.account(a));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @Context HttpHeaders headers) {
        var report = accounts.delete(name);
        accounts.audit(AdminRequests.actor(headers), "account.delete", name, "buckets=" + report.bucketsDeleted()
                + " objects=" + report.objectsDeleted() + " keysRevoked=" + report.keysRevoked());
        return AdminRequests.json(200, json, json.deletion(report));
    }

    @POST
    @Path("{name}/keys")
    public Response createKey(@PathParam("name") String name, @Context HttpHeaders headers) {
        var key = accounts.createKey(name);
        accounts.audit(AdminRequests.actor(headers), "key.create", name, "accessKeyId=" + key.accessKeyId());
        return AdminRequests.json(201, json, json.newKey(key));
    }

    /** Body: {@code {"quota": <bytes> | "100GiB" | null}}; null goes back to the plan's quota. */
    @PUT
    @Path("{name}/quota")
    public Response setQuota(@PathParam("name") String name, InputStream in, @Context HttpHeaders headers)
            throws IOException {
        JsonNode body = json.readObject(AdminRequests.body(in, AdminRequests.MAX_JSON_BYTES));
        if (!body.has("quota")) {
            throw AdminException.badField("quota", "quota is required (null for the plan's quota)");
        }
        AccountInfo a = accounts.setQuota(name, AdminRequests.size(body, "quota"));
        accounts.audit(AdminRequests.actor(headers), "account.quota", name, "quota=" + a.quotaOverride());
        return AdminRequests.json(200, json, json.account(a));
    }

    /** Body: {@code {"plan": "premium"}}. */
    @PUT
    @Path("{name}/plan")
    public Response setPlan(@PathParam("name") String name, InputStream in, @Context HttpHeaders headers)
            throws IOException {
        JsonNode body = json.readObject(AdminRequests.body(in, AdminRequests.MAX_JSON_BYTES));
        AccountInfo a = accounts.setPlan(name, AdminRequests.requiredText(body, "plan"));
        accounts.audit(AdminRequests.actor(headers), "account.plan", name, "plan=" + a.plan());
        return AdminRequests.json(200, json, json.account(a));
    }
}
