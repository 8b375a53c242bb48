package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.Accounts;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/usage}: the signed-in account's plan, quota in force, bytes used and object count. */
@Path("/api/usage")
public final class UsageResource {
    private final Accounts accounts;
    private final ConsoleJson json;

    UsageResource(Accounts accounts, ConsoleJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    @GET
    public Response usage(@Context ContainerRequestContext request) {
        Session session = ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession);
        AccountInfo account = accounts.findById(session.accountId()).orElseThrow(ConsoleException::unavailable);
        ObjectNode answer = json.object();
        answer.put("plan", account.plan());
        answer.put("quotaBytes", account.quotaBytes());
        answer.put("usedBytes", account.usage().usedBytes());
        answer.put("objectCount", account.usage().objectCount());
        return json.answer(200, answer);
    }
}
