package coffer.gateway.cli;

import coffer.gateway.admin.Sizes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** How the CLI shows admin API answers to people (with {@code --json} it prints them as they are). */
final class Output {
    private Output() {
    }

    static String size(JsonNode n) {
        return n == null || n.isNull() ? "-" : Sizes.format(n.asLong());
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? "-" : n.asText();
    }

    static void accountLine(PrintWriter out, JsonNode a) {
        JsonNode u = a.get("usage");
        out.printf("%-32s %-10s %-8s %12s %12s %12s %8d%n", a.get("name").asText(), a.get("state").asText(),
                a.get("plan").asText(), size(a.get("quotaBytes")), size(u.get("usedBytes")),
                size(u.get("reservedBytes")), u.get("objectCount").asLong());
    }

    static void accountHeader(PrintWriter out) {
        out.printf("%-32s %-10s %-8s %12s %12s %12s %8s%n", "NAME", "STATE", "PLAN", "QUOTA", "USED", "RESERVED",
                "OBJECTS");
    }

    static void account(PrintWriter out, JsonNode a) {
        JsonNode u = a.get("usage");
        out.println("Account:      " + a.get("name").asText());
        out.println("Display name: " + text(a.get("displayName")));
        out.println("E-mail:       " + text(a.get("email")));
        out.println("State:        " + a.get("state").asText());
        out.println("Plan:         " + a.get("plan").asText());
        out.println("Quota:        " + size(a.get("quotaBytes")) + " (" + a.get("quotaBytes").asLong() + " bytes"
                + (a.get("quotaOverride").isNull() ? ", from the plan)" : ", the account's own)"));
        out.println("Used:         " + size(u.get("usedBytes")) + " (" + u.get("usedBytes").asLong() + " bytes, "
                + u.get("objectCount").asLong() + " objects, " + u.get("reservedBytes").asLong() + " bytes reserved)");
        if (!a.get("legacyId").isNull()) {
            out.println("Legacy id:    " + a.get("legacyId").asText());
        }
        out.println("Created:      " + a.get("created").asText());
    }

    static void newKey(PrintWriter out, JsonNode key) {
        out.println("Access key: " + key.get("accessKeyId").asText());
        out.println("Secret key: " + key.get("secretKey").asText());
        out.println("The secret key is shown only this once.");
    }
}
