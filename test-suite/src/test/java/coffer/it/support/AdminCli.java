package coffer.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.gateway.cli.AdminCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code coffer admin ...} in-process against a test gateway's admin port, capturing its output. */
public final class AdminCli {
    /** The exit code and what the command printed. */
    public record Run(int code, String out, String err) {
    }

    private AdminCli() {
    }

    /** {@code args} followed by the gateway's {@code --url} and {@code --token-file}. */
    public static Run run(Gateway gateway, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AdminCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", gateway.adminEndpoint().toString(), "--token-file",
                gateway.adminTokenFile().toString()));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** As {@link #run}, which must exit 0. */
    public static Run ok(Gateway gateway, String... args) {
        Run r = run(gateway, args);
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }
}
