package coffer.gateway;

import coffer.gateway.cli.AdminCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar coffer.jar <command>}: the entry point of the runnable jar. */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "Coffer 0.1.0",
        description = "An S3-compatible object storage gateway that encrypts every object at rest.",
        subcommands = {ServeCommand.class, AdminCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Jersey and HK2 log through java.util.logging; send it to the one logging setup (Logback).
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
