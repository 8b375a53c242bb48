package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code coffer admin key create NAME | key revoke ACCESS_KEY}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Issue and revoke access keys.")
final class KeyCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", description = "Issue a new access key to an account; the secret is shown once.")
    int create(@Parameters(paramLabel = "NAME") String name) {
        return admin.run(client -> {
            JsonNode key = client.post("/v1/accounts/" + AccountCommand.path(name) + "/keys",
                    client.mapper().createObjectNode());
            if (admin.json) {
                admin.out().println(client.pretty(key));
            } else {
                Output.newKey(admin.out(), key);
            }
            return 0;
        });
    }

    @Command(name = "revoke", description = "Revoke an access key; requests signed with it fail from now on.")
    int revoke(@Parameters(paramLabel = "ACCESS_KEY") String accessKey) {
        return admin.run(client -> {
            JsonNode r = client.delete("/v1/keys/" + AccountCommand.path(accessKey));
            admin.out().println(admin.json ? client.pretty(r) : "Revoked " + accessKey);
            return 0;
        });
    }
}
