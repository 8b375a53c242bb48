package coffer.gateway.admin;

import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.legacy.LegacyRestore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@link LegacyRestore}) and answers the report, including the new credentials and each account's console claim
 * link. They appear in this answer only.
 */
@Path("/v1/restore")
public final class RestoreResource {
    /** Exports of closed accounts are small; this bounds the memory one request may take. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private final LegacyRestore restore;
    private final Accounts accounts;
    private final ConsoleLinks invitations;
    private final AdminJson json;

    public RestoreResource(LegacyRestore restore, Accounts accounts, ConsoleLinks invitations, AdminJson json) {
        this.restore = restore;
        this.accounts = accounts;
        this.invitations = invitations;
        this.json = json;
    }

    /**
     * Gives each restored account a one-time console claim link ({@code claimUrl}), with which its owner sets a
     * password and signs in to the console (docs/console.md). Like the secrets, the links appear in this answer only.
     */
    private void addClaimLinks(ObjectNode report) {
        for (JsonNode restored : report.path("restored")) {
            AccountInfo account = accounts.find(restored.path("name").asText()).orElse(null);
            if (account != null && account.email() != null && !account.email().isBlank()) {
                ConsoleLinks.Link link = invitations.claim(account.id(), account.email(),
                        ConsoleLinks.CLAIM_VALIDITY);
                ((ObjectNode) restored).put("claimUrl", link.url());
            }
        }
    }

    @POST
    public Response restore(InputStream in, @QueryParam("source") String source, @Context HttpHeaders headers)
            throws IOException {
        byte[] file = AdminRequests.body(in, MAX_FILE_BYTES);
        String name = source == null || source.isBlank() ? "(unnamed)" : source.strip();
        try {
            ObjectNode report = json.restore(restore.restore(file, name, AdminRequests.actor(headers)));
            addClaimLinks(report);
            return AdminRequests.json(200, json, report);
        } catch (IllegalArgumentException e) {
            throw AdminException.badField("file", e.getMessage());
        }
    }
}
