package coffer.gateway.cli;

import coffer.gateway.admin.Sizes;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code coffer admin plan set NAME PLAN | plan list | plan quota PLAN SIZE}. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Plans and their quotas.")
final class PlanCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "set", description = "Move an account to a plan.")
    int set(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "PLAN") String plan) {
        return admin.run(client -> {
            JsonNode a = client.put("/v1/accounts/" + AccountCommand.path(name) + "/plan",
                    client.mapper().createObjectNode().put("plan", plan));
            admin.out().println(admin.json ? client.pretty(a) : "Account " + name + " is now on plan "
                    + a.get("plan").asText() + " (quota " + Output.size(a.get("quotaBytes")) + ")");
            return 0;
        });
    }

    @Command(name = "list", description = "List the plans and their quotas.")
    int list() {
        return admin.run(client -> {
            JsonNode answer = client.get("/v1/plans");
            print(client, answer);
            return 0;
        });
    }

    @Command(name = "quota", description = "Change a plan's quota (for every account on it without its own).")
    int quota(@Parameters(paramLabel = "PLAN") String plan, @Parameters(paramLabel = "SIZE") String size) {
        return admin.run(client -> {
            JsonNode answer = client.put("/v1/plans/" + AccountCommand.path(plan),
                    client.mapper().createObjectNode().put("quota", Sizes.parse(size)));
            print(client, answer);
            return 0;
        });
    }

    private void print(AdminClient client, JsonNode answer) {
        if (admin.json) {
            admin.out().println(client.pretty(answer));
            return;
        }
        for (JsonNode p : answer.get("plans")) {
            admin.out().printf("%-12s %s (%d bytes)%n", p.get("name").asText(), Output.size(p.get("quotaBytes")),
                    p.get("quotaBytes").asLong());
        }
    }
}
