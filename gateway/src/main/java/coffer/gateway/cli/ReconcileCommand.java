package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code coffer admin reconcile}: runs a reconciliation pass now and prints what it freed and which objects have
 * lost their data (exit code 5 if any); {@code --last} shows the last pass without running one.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Free orphaned blobs and report objects whose data is missing.")
final class ReconcileCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--last", description = "Show the last pass; run nothing")
    boolean last;

    @Override
    public Integer call() {
        return admin.run(client -> {
            JsonNode r = last ? client.get("/v1/integrity/reconciliation")
                    : client.post("/v1/integrity/reconciliation", client.mapper().createObjectNode());
            if (admin.json) {
                admin.out().println(client.pretty(r));
            } else if ("never run".equals(r.path("state").asText())) {
                admin.out().println("No reconciliation pass has finished since the gateway started.");
            } else {
                admin.out().printf("Blobs seen: %d, orphans freed: %d (%d bytes), rows checked: %d, missing: %d%n",
                        r.get("blobsSeen").asLong(), r.get("orphansFreed").asLong(),
                        r.get("orphanBytesFreed").asLong(), r.get("rowsChecked").asLong(),
                        r.get("missingCount").asLong());
                for (JsonNode m : r.get("missing")) {
                    admin.out().printf("missing  %-24s %s%s%n", m.get("bucket").asText(), m.get("key").asText(),
                            m.get("partNumber").asInt() == 0 ? "" : " (part " + m.get("partNumber").asInt() + ")");
                }
            }
            return r.path("missingCount").asLong() > 0 ? AdminCliException.DAMAGE : 0;
        });
    }
}
