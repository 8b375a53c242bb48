package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code coffer admin usage [--reconcile]}. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Show every account's usage; --reconcile recomputes it from the catalog and shows the drift.")
final class UsageCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--reconcile", description = "Recompute usage from the object table and report the drift")
    boolean reconcile;

    @Override
    public Integer call() {
        return admin.run(client -> {
            JsonNode answer = reconcile ? client.post("/v1/usage/reconcile", client.mapper().createObjectNode())
                    : client.get("/v1/usage");
            if (admin.json) {
                admin.out().println(client.pretty(answer));
                return 0;
            }
            if (!reconcile) {
                Output.accountHeader(admin.out());
                answer.get("accounts").forEach(a -> Output.accountLine(admin.out(), a));
                return 0;
            }
            admin.out().printf("%-32s %16s %16s %12s %10s%n", "NAME", "RECORDED BYTES", "ACTUAL BYTES", "DRIFT",
                    "DRIFT OBJ");
            for (JsonNode d : answer.get("accounts")) {
                admin.out().printf("%-32s %16d %16d %12d %10d%n", d.get("name").asText(),
                        d.get("recordedBytes").asLong(), d.get("actualBytes").asLong(), d.get("driftBytes").asLong(),
                        d.get("driftObjects").asLong());
            }
            admin.out().println(answer.get("drift").asBoolean() ? "Drift found and corrected."
                    : "No drift: usage matches the catalog.");
            return 0;
        });
    }
}
