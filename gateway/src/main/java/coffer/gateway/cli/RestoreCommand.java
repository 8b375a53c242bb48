package coffer.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code coffer admin restore --from EXPORT.csv --out CREDENTIALS.csv}:
 * <ol>
 *   <li>refuses an existing {@code --out} and creates it empty with mode 0600 before anything else, so that the
 *       credentials, which exist only in the server's answer, always have a place to go;</li>
 *   <li>sends the export to {@code POST /v1/restore};</li>
 *   <li>writes the new accounts' credentials to {@code --out} (CSV), or removes it again when nothing was
 *       restored (a second run with the same export), and prints the summary and each bad row's line.</li>
 * </ol>
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore legacy accounts from a CSV export (legacy_id,email,display_name,closed_at).")
final class RestoreCommand implements Callable<Integer> {
    static final String CREDENTIALS_HEADER = "legacy_id,account,email,access_key_id,secret_key,claim_url";
    /** Exit code when the run restored what it could but skipped bad rows. */
    static final int BAD_ROWS = 3;

    @ParentCommand
    AdminCommand admin;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The CSV export")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the new credentials (mode 0600; must not exist)")
    Path out;

    @Override
    public Integer call() {
        return admin.run(client -> {
            byte[] export = readExport();
            reserveOut();
            JsonNode report;
            try {
                report = client.postBytes("/v1/restore?source=" + URLEncoder.encode(
                        String.valueOf(from.getFileName()), StandardCharsets.UTF_8), export, "text/csv; charset=utf-8");
            } catch (RuntimeException e) {
                deleteOut();
                throw e;
            }
            int restored = report.get("restored").size();
            if (restored > 0) {
                writeCredentials(report);
            } else {
                deleteOut();
            }
            if (admin.json) {
                admin.out().println(client.pretty(withoutSecrets(report)));
            } else {
                summary(report, restored);
            }
            return report.get("bad").isEmpty() ? 0 : BAD_ROWS;
        });
    }

    private void summary(JsonNode report, int restored) {
        var o = admin.out();
        int unchanged = report.get("unchanged").size();
        if (restored == 0) {
            o.println("Nothing changed: " + unchanged + " account(s) of this export were already restored;"
                    + " no credentials file written.");
        } else {
            o.println("Restored " + restored + " account(s) as premium; credentials and console claim links written"
                    + " to " + out + " (mode 0600). " + unchanged + " already restored.");
        }
        JsonNode bad = report.get("bad");
        if (!bad.isEmpty()) {
            o.println(bad.size() + " bad row(s) skipped:");
            for (JsonNode b : bad) {
                o.println("  line " + b.get("line").asInt() + ": " + b.get("reason").asText()
                        + (b.get("legacyId").isNull() ? "" : " (legacy id " + b.get("legacyId").asText() + ")"));
            }
        }
        o.println("SHA-256 of the export: " + report.get("sha256").asText());
    }

    /** The secrets go to the file only, never to the terminal, also with --json. */
    private static JsonNode withoutSecrets(JsonNode report) {
        JsonNode copy = report.deepCopy();
        copy.get("restored").forEach(a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a)
                .remove(java.util.List.of("secretKey", "claimUrl")));
        return copy;
    }

    private byte[] readExport() {
        try {
            return Files.readAllBytes(from);
        } catch (IOException e) {
            throw new AdminCliException("cannot read " + from + ": " + e, AdminCliException.IO);
        }
    }

    private void reserveOut() {
        try {
            Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new AdminCliException(out + " exists; refusing to overwrite credentials (choose another --out)",
                    AdminCliException.USAGE);
        } catch (IOException e) {
            throw new AdminCliException("cannot create " + out + ": " + e, AdminCliException.IO);
        }
    }

    private void deleteOut() {
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            admin.err().println("coffer admin: could not remove the empty " + out + ": " + e);
        }
    }

    private void writeCredentials(JsonNode report) {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(CREDENTIALS_HEADER + "\n");
            for (JsonNode a : report.get("restored")) {
                w.write(csv(a.get("legacyId").asText()) + "," + csv(a.get("name").asText()) + ","
                        + csv(a.get("email").asText()) + "," + csv(a.get("accessKeyId").asText()) + ","
                        + csv(a.get("secretKey").asText()) + "," + csv(a.path("claimUrl").asText("")) + "\n");
            }
        } catch (IOException e) {
            throw new AdminCliException("the accounts were restored but writing " + out + " failed (" + e
                    + "); issue new keys with 'coffer admin key create NAME'", AdminCliException.IO);
        }
    }

    static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
