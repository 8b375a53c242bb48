package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code coffer admin scrub}: starts a scrub on the gateway (or joins the running one), waits for it, and prints
 * the damaged and missing objects with the totals; exit code 5 when it found any. {@code --no-wait} only starts it;
 * {@code --status} shows the newest scrub without starting one.
 */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Verify every stored object (keyless checks, then decrypting every segment) and report "
                + "damaged or missing ones.")
final class ScrubCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--no-wait", description = "Start the scrub and return at once")
    boolean noWait;

    @Option(names = "--status", description = "Show the newest scrub (running or finished); start nothing")
    boolean status;

    @Option(names = "--poll", defaultValue = "1000", hidden = true, description = "Milliseconds between polls")
    long pollMillis;

    @Override
    public Integer call() {
        return admin.run(client -> {
            JsonNode job = status ? client.get("/v1/integrity/scrub")
                    : client.post("/v1/integrity/scrub", client.mapper().createObjectNode());
            while (!noWait && !status && "running".equals(job.path("state").asText())) {
                sleep();
                job = client.get("/v1/integrity/scrub");
            }
            if (admin.json) {
                admin.out().println(client.pretty(job));
            } else {
                print(admin.out(), job);
            }
            if ("failed".equals(job.path("state").asText())) {
                return AdminCliException.SERVER;
            }
            return job.path("damaged").asLong() + job.path("missing").asLong() > 0 ? AdminCliException.DAMAGE : 0;
        });
    }

    private void sleep() {
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCliException("interrupted; the scrub goes on in the gateway", AdminCliException.IO);
        }
    }

    static void print(PrintWriter out, JsonNode job) {
        String state = job.path("state").asText();
        if ("never run".equals(state)) {
            out.println("No scrub has run since the gateway started.");
            return;
        }
        out.printf("Scrub %d: %s%s%n", job.get("id").asLong(), state,
                job.path("error").isTextual() ? " (" + job.get("error").asText() + ")" : "");
        if (job.get("findings").isEmpty()) {
            out.println("No damaged or missing objects" + ("running".equals(state) ? " so far." : "."));
        } else {
            out.printf("%-8s %-24s %-40s %6s  %s%n", "PROBLEM", "BUCKET", "KEY", "PART", "DETAIL");
            for (JsonNode f : job.get("findings")) {
                String part = f.get("partNumber").asInt() == 0 ? "-" : f.get("partNumber").asText();
                String key = f.get("key").asText() + (f.path("uploadId").isTextual()
                        ? " (upload " + f.get("uploadId").asText() + ")" : "");
                out.printf("%-8s %-24s %-40s %6s  %s%n", f.get("problem").asText(), f.get("bucket").asText(), key,
                        part, f.get("detail").asText());
            }
        }
        out.printf("Objects checked: %d (and %d parts of open uploads), blobs: %d, bytes verified: %d%n",
                job.get("objectsChecked").asLong(), job.get("uploadPartsChecked").asLong(),
                job.get("blobsChecked").asLong(), job.get("bytesChecked").asLong());
        out.printf("Damaged: %d, missing: %d, seconds: %.1f%n", job.get("damaged").asLong(),
                job.get("missing").asLong(), job.get("seconds").asDouble());
        long keyless = job.get("keylessOnly").asLong();
        if (keyless > 0) {
            out.printf("%d SSE-C blobs got only the checks possible without a key (presence, length, header): "
                    + "their customer keys are never stored, so their contents could not be verified.%n", keyless);
        }
    }
}
