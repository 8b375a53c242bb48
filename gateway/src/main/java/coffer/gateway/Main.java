package coffer.gateway;

import coffer.gateway.cli.AdminCommand;
import coffer.gateway.config.SettingSources;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar coffer.jar <command>}: the entry point of the runnable jar. */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "Coffer 0.1.0",
        description = "An S3-compatible object storage gateway that encrypts every object at rest.",
        subcommands = {ServeCommand.class, AdminCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Jersey and HK2 log through java.util.logging; send it to the one logging setup (Logback).
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses and runs; the serve command's settings come from flags, then the environment, then the
     * {@code --config} file. A bad setting is reported naming it, with exit code 2.
     */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        // Offline blob work takes serve's settings, so it is built here rather than in the API client's package.
        CommandLine blobs = new CommandLine(new BlobsCommand());
        cli.getSubcommands().get("admin").addSubcommand("blobs", blobs);
        cli.setOut(out).setErr(err);
        CommandLine serve = cli.getSubcommands().get("serve");
        SettingSources settings;
        try {
            settings = SettingSources.load(args, environment);
        } catch (IllegalArgumentException e) {
            err.println("coffer: " + e.getMessage());
            err.flush();
            return 2;
        }
        Set<String> unknown = settings.unknownKeys();
        if (!unknown.isEmpty()) {
            err.println("coffer: unknown setting(s) in the --config file: " + String.join(", ", unknown));
            err.flush();
            return 2;
        }
        serve.setDefaultValueProvider(settings);
        blobs.getSubcommands().get("migrate").setDefaultValueProvider(settings);
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
