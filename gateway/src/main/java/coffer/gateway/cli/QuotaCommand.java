package coffer.gateway.cli;

import coffer.gateway.admin.Sizes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code coffer admin quota set NAME SIZE|plan}. */
@Command(name = "quota", mixinStandardHelpOptions = true, description = "Set an account's own quota.")
final class QuotaCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "set", description = "Set the account's quota (e.g. 500GiB, 2TB), or 'plan' for its plan's.")
    int set(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "SIZE") String size) {
        return admin.run(client -> {
            ObjectNode body = client.mapper().createObjectNode();
            if (size.equalsIgnoreCase("plan")) {
                body.putNull("quota");
            } else {
                body.put("quota", Sizes.parse(size));
            }
            JsonNode a = client.put("/v1/accounts/" + AccountCommand.path(name) + "/quota", body);
            admin.out().println(admin.json ? client.pretty(a) : "Quota of " + name + ": "
                    + Output.size(a.get("quotaBytes")) + " (" + a.get("quotaBytes").asLong() + " bytes)");
            return 0;
        });
    }
}
