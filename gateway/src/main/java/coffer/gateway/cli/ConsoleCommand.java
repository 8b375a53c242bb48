package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code coffer admin console ...}: the web console's administration (docs/console.md). */
@Command(name = "console", mixinStandardHelpOptions = true, description = "Web console: invitations.",
        subcommands = {ConsoleCommand.Invite.class})
final class ConsoleCommand implements Runnable {
    @ParentCommand
    AdminCommand admin;

    @Override
    public void run() {
        admin.spec.subcommands().get("console").usage(admin.out());
    }

    /** {@code coffer admin console invite [--email ADDRESS] [--days N]}: prints a one-time sign-up link. */
    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Make a one-time sign-up link for --console-signup invite.")
    static final class Invite implements Callable<Integer> {
        @ParentCommand
        ConsoleCommand console;

        @Option(names = "--email", paramLabel = "ADDRESS",
                description = "The only e-mail address the link may sign up (default: any)")
        String email;

        @Option(names = "--days", paramLabel = "N", defaultValue = "7",
                description = "Days the link stays valid, 1 to 365 (default: ${DEFAULT-VALUE})")
        int days;

        @Override
        public Integer call() {
            AdminCommand admin = console.admin;
            return admin.run(client -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                if (email != null) {
                    body.put("email", email);
                }
                body.put("days", days);
                JsonNode answer = client.post("/v1/console/invitations", body);
                if (admin.json) {
                    admin.out().println(client.pretty(answer));
                } else {
                    admin.out().println(answer.get("url").asText());
                    admin.out().println("One-time sign-up link" + (answer.get("email").isNull() ? ""
                            : " for " + answer.get("email").asText()) + ", valid until "
                            + answer.get("expires").asText() + ".");
                }
                return 0;
            });
        }
    }
}
