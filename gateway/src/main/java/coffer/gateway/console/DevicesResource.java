package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import coffer.storage.accounts.AccessKeyInfo;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.Accounts;
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
import java.util.List;

/**
 * The devices page's API (docs/console.md, "Devices"): the account's active access keys (never a secret), a new key
 * (its secret answered this once, never stored in the clear or logged), and revocation of one of the account's
 * keys (another account's key is answered as a missing one). Keys are made and revoked through the engine's
 * {@link Accounts}, as the admin API makes them. Every answer names the S3 address and region the keys work against
 * ({@code --public-url}), from which the page writes the client settings.
 */
@Path("/api/keys")
public final class DevicesResource {
    /** Active keys an account may hold through the console. */
    static final int MAX_KEYS = 20;

    private final Accounts accounts;
    private final String publicUrl;
    private final String region;
    private final ConsoleJson json;

    DevicesResource(Accounts accounts, String publicUrl, String region, ConsoleJson json) {
        this.accounts = accounts;
        this.publicUrl = publicUrl;
        this.region = region;
        this.json = json;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        AccountInfo account = account(request);
        ObjectNode answer = where();
        ArrayNode list = answer.putArray("keys");
        for (AccessKeyInfo k : active(account)) {
            list.addObject().put("accessKeyId", k.accessKeyId()).put("created", k.created().toString());
        }
        return json.answer(200, answer);
    }

    @POST
    public Response create(@Context ContainerRequestContext request) {
        AccountInfo account = account(request);
        if (active(account).size() >= MAX_KEYS) {
            throw new ConsoleException(409, "TooManyAccessKeys", "you have " + MAX_KEYS
                    + " access keys; revoke one you no longer use first", null);
        }
        AccessKeyPair key = accounts.createKey(account.name());
        ObjectNode answer = where();
        answer.put("accessKeyId", key.accessKeyId());
        answer.put("secretKey", key.secretKey());
        return json.answer(201, answer);
    }

    @DELETE
    @Path("{accessKeyId}")
    public Response revoke(@PathParam("accessKeyId") String accessKeyId, @Context ContainerRequestContext request) {
        AccountInfo account = account(request);
        if (active(account).stream().noneMatch(k -> k.accessKeyId().equals(accessKeyId))) {
            throw new ConsoleException(404, "NoSuchAccessKey", "no such access key", null);
        }
        accounts.revokeKey(accessKeyId);
        return Response.noContent().build();
    }

    private ObjectNode where() {
        ObjectNode answer = json.object();
        answer.put("endpoint", publicUrl);
        answer.put("region", region);
        return answer;
    }

    private List<AccessKeyInfo> active(AccountInfo account) {
        return accounts.show(account.name()).keys().stream().filter(k -> "active".equals(k.state())).toList();
    }

    private AccountInfo account(ContainerRequestContext request) {
        Session session = ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession);
        return accounts.findById(session.accountId()).orElseThrow(ConsoleException::unavailable);
    }
}
