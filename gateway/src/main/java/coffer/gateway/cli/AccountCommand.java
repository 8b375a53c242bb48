package coffer.gateway.cli;

import coffer.gateway.admin.Sizes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code coffer admin account create|list|show|suspend|resume|delete}. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Create, inspect and manage accounts.")
final class AccountCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", description = "Create an account and print its first access key and secret, once.")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--email", paramLabel = "E") String email,
               @Option(names = "--display-name", paramLabel = "TEXT") String displayName,
               @Option(names = "--plan", paramLabel = "P", description = "free (default) or premium") String plan,
               @Option(names = "--quota", paramLabel = "SIZE", description = "own quota, e.g. 500GiB") String quota) {
        return admin.run(client -> {
            ObjectNode body = client.mapper().createObjectNode().put("name", name).put("email", email)
                    .put("displayName", displayName).put("plan", plan);
            if (quota != null) {
                body.put("quota", Sizes.parse(quota));
            }
            JsonNode a = client.post("/v1/accounts", body);
            if (admin.json) {
                admin.out().println(client.pretty(a));
                return 0;
            }
            admin.out().println("Created account " + a.get("name").asText() + " (plan " + a.get("plan").asText()
                    + ", quota " + Output.size(a.get("quotaBytes")) + ")");
            Output.newKey(admin.out(), a.get("key"));
            return 0;
        });
    }

    @Command(name = "list", description = "List every account with its state, plan, quota and usage.")
    int list() {
        return admin.run(client -> {
            JsonNode answer = client.get("/v1/accounts");
            if (admin.json) {
                admin.out().println(client.pretty(answer));
                return 0;
            }
            Output.accountHeader(admin.out());
            answer.get("accounts").forEach(a -> Output.accountLine(admin.out(), a));
            return 0;
        });
    }

    @Command(name = "show", description = "Show an account: usage, quota, plan and keys.")
    int show(@Parameters(paramLabel = "NAME") String name) {
        return admin.run(client -> {
            JsonNode a = client.get("/v1/accounts/" + path(name));
            if (admin.json) {
                admin.out().println(client.pretty(a));
                return 0;
            }
            Output.account(admin.out(), a);
            admin.out().println("Keys:");
            for (JsonNode k : a.get("keys")) {
                admin.out().println("  " + k.get("accessKeyId").asText() + "  " + k.get("state").asText()
                        + "  created " + k.get("created").asText());
            }
            return 0;
        });
    }

    @Command(name = "suspend", description = "Suspend an account: it can still read, but not write.")
    int suspend(@Parameters(paramLabel = "NAME") String name) {
        return changeState(name, "suspend");
    }

    @Command(name = "resume", description = "Make a suspended account active again.")
    int resume(@Parameters(paramLabel = "NAME") String name) {
        return changeState(name, "resume");
    }

    @Command(name = "delete", description = "Delete an account: revoke its keys, delete all its data and buckets.")
    int delete(@Parameters(paramLabel = "NAME") String name) {
        return admin.run(client -> {
            JsonNode r = client.delete("/v1/accounts/" + path(name));
            if (admin.json) {
                admin.out().println(client.pretty(r));
                return 0;
            }
            admin.out().println("Deleted account " + name + ": " + r.get("objectsDeleted").asLong() + " objects in "
                    + r.get("bucketsDeleted").asLong() + " buckets (space freed by the garbage collector), "
                    + r.get("keysRevoked").asLong() + " keys revoked");
            return 0;
        });
    }

    private int changeState(String name, String action) {
        return admin.run(client -> {
            JsonNode a = client.post("/v1/accounts/" + path(name) + "/" + action,
                    client.mapper().createObjectNode());
            if (admin.json) {
                admin.out().println(client.pretty(a));
                return 0;
            }
            admin.out().println("Account " + name + " is now " + a.get("state").asText());
            return 0;
        });
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
