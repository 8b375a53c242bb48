package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code coffer admin keys rotate [--wait] | keys status | keys rewrap [--wait] | keys destroy VERSION}: master key
 * rotation (docs/operations.md). {@code --wait} polls the status until the re-wrap job is idle.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Rotate master keys, watch the re-wrap, destroy old versions.")
final class KeysCommand {
    private static final String ROUTE = "/v1/master-keys";
    private static final long POLL_MILLIS = 500;

    @ParentCommand
    AdminCommand admin;

    @Command(name = "rotate", description = "Create a new master key version (current at once) and re-wrap the"
            + " catalog under it in the background.")
    int rotate(@Option(names = "--wait", description = "Wait until the re-wrap job is done") boolean wait) {
        return admin.run(client -> {
            JsonNode r = client.post(ROUTE + "/rotate", client.mapper().createObjectNode());
            if (admin.json && !wait) {
                admin.out().println(client.pretty(r));
                return 0;
            }
            if (!admin.json) {
                admin.out().println("Master key version " + r.get("version").asInt()
                        + " is now current; re-wrapping the catalog in the background.");
            }
            return wait ? waitAndShow(client) : 0;
        });
    }

    @Command(name = "rewrap", description = "Start (or resume) re-wrapping every value under the current version.")
    int rewrap(@Option(names = "--wait", description = "Wait until the re-wrap job is done") boolean wait) {
        return admin.run(client -> {
            JsonNode r = client.post(ROUTE + "/rewrap", client.mapper().createObjectNode());
            if (admin.json && !wait) {
                admin.out().println(client.pretty(r));
                return 0;
            }
            if (!admin.json) {
                admin.out().println(r.get("started").asBoolean() ? "Re-wrap started."
                        : "Re-wrap already running; it will run once more.");
            }
            return wait ? waitAndShow(client) : 0;
        });
    }

    @Command(name = "status", description = "Show master key versions, the values each protects, and the re-wrap.")
    int status() {
        return admin.run(client -> {
            JsonNode s = client.get(ROUTE);
            if (admin.json) {
                admin.out().println(client.pretty(s));
            } else {
                show(admin.out(), s);
            }
            return 0;
        });
    }

    @Command(name = "destroy", description = "Shred an old master key version; refused while any value uses it.")
    int destroy(@Parameters(paramLabel = "VERSION") int version) {
        return admin.run(client -> {
            JsonNode r = client.delete(ROUTE + "/" + version);
            admin.out().println(admin.json ? client.pretty(r) : "Master key version " + version + " destroyed.");
            return 0;
        });
    }

    private int waitAndShow(AdminClient client) {
        JsonNode s = client.get(ROUTE);
        while ("running".equals(s.at("/rewrap/state").asText())) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminCliException("interrupted", AdminCliException.IO);
            }
            s = client.get(ROUTE);
        }
        if (admin.json) {
            admin.out().println(client.pretty(s));
        } else {
            show(admin.out(), s);
        }
        return s.at("/rewrap/error").isNull() ? 0 : AdminCliException.SERVER;
    }

    static void show(PrintWriter out, JsonNode s) {
        out.println("Current master key version: " + s.get("current").asInt());
        out.printf("%-8s %-10s %12s  %s%n", "VERSION", "STATE", "VALUES", "WHERE");
        for (JsonNode v : s.get("versions")) {
            String state = v.get("current").asBoolean() ? "current" : v.get("loaded").asBoolean() ? "old" : "missing";
            List<String> where = new ArrayList<>();
            v.get("columns").fields().forEachRemaining(e -> where.add(e.getKey() + " " + e.getValue().asLong()));
            out.printf("%-8d %-10s %12d  %s%n", v.get("version").asInt(), state, v.get("rows").asLong(),
                    String.join(", ", where));
        }
        JsonNode j = s.get("rewrap");
        out.println("Re-wrap: " + j.get("state").asText()
                + (j.get("started").isNull() ? " (not run since the gateway started)"
                        : ", started " + j.get("started").asText()
                        + (j.get("finished").isNull() ? "" : ", finished " + j.get("finished").asText()))
                + "; " + j.get("rewrapped").asLong() + " re-wrapped, " + j.get("skipped").asLong()
                + " changed meanwhile, " + j.get("failed").asLong() + " failed"
                + (j.get("error").isNull() ? "" : "; stopped: " + j.get("error").asText()));
    }
}
