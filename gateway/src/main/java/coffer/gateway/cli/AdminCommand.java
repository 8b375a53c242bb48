package coffer.gateway.cli;

import coffer.gateway.config.GatewaySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code coffer admin ...}: the admin CLI, a client of the admin API. The options here are inherited by every
 * subcommand, so they may come before or after it. The token comes from {@code --token-file} when given, else
 * from {@code COFFER_ADMIN_TOKEN}, else from {@code ./var/admin.token}. Exit codes: 0 done, 1 the server refused
 * or failed, 2 bad usage, 3 a restore skipped bad rows, 4 the server or a file could not be reached, 5 a scrub or
 * reconciliation found damaged or missing data.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administer accounts through the admin API.",
        subcommands = {AccountCommand.class, KeyCommand.class, QuotaCommand.class, PlanCommand.class,
            UsageCommand.class, RestoreCommand.class, KeysCommand.class, ScrubCommand.class,
            ReconcileCommand.class, ConsoleCommand.class})
public final class AdminCommand implements Runnable {
    static final Path DEFAULT_TOKEN_FILE = Path.of("var", "admin.token");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9001", scope = ScopeType.INHERIT,
            description = "Admin API base URL (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--token-file", scope = ScopeType.INHERIT,
            description = "File holding the admin token (default: $COFFER_ADMIN_TOKEN, else ./var/admin.token)")
    Path tokenFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON answer")
    boolean json;

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Runs one client action, reporting a failure in one line; returns the exit code. */
    int run(ClientAction action) {
        try {
            int code = action.run(client());
            out().flush();
            return code;
        } catch (AdminCliException e) {
            err().println("coffer admin: " + e.getMessage());
            err().flush();
            return e.exitCode();
        } catch (IllegalArgumentException e) {
            err().println("coffer admin: " + e.getMessage());
            err().flush();
            return AdminCliException.USAGE;
        }
    }

    /** What a subcommand does with a client; answers its exit code. */
    @FunctionalInterface
    interface ClientAction {
        int run(AdminClient client);
    }

    private AdminClient client() {
        return new AdminClient(url, token(), System.getProperty("user.name", "unknown") + " (coffer admin CLI)");
    }

    private String token() {
        String fromEnv = System.getenv(GatewaySettings.ADMIN_TOKEN.environment());
        if (tokenFile == null && fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path file = tokenFile != null ? tokenFile : DEFAULT_TOKEN_FILE;
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new AdminCliException("cannot read the admin token from " + file
                    + " (use --token-file or " + GatewaySettings.ADMIN_TOKEN.environment() + "): " + e, AdminCliException.IO);
        }
    }

    /** A picocli instance of the CLI, for Main and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new AdminCommand());
    }
}
