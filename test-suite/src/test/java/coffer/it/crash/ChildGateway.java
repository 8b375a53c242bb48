package coffer.it.crash;

import coffer.it.support.GatewayProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GatewayProcess} (a child {@code coffer serve} on a fresh free port, with its embedded MariaDB) that can
 * also be crashed: {@link #killTree()} simulates a machine crash with SIGKILL to the JVM and to every descendant
 * (the embedded {@code mysqld} is one), so that neither gets to flush or close anything. Not thread-safe; one owner.
 */
final class ChildGateway {
    private final GatewayProcess gateway;

    private ChildGateway(GatewayProcess gateway) {
        this.gateway = gateway;
    }

    /** Starts {@code serve} and waits until it announces itself and its port accepts connections. */
    static ChildGateway start(Path logDir, String label, Path dataDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return new ChildGateway(GatewayProcess.start(logDir, label, dataDir, GatewayProcess.freePort(), env, timeout));
    }

    URI endpoint() {
        return gateway.endpoint();
    }

    /** The admin API's base URI (a free port, announced by the child on its stdout). */
    URI adminEndpoint() throws IOException {
        return gateway.adminEndpoint();
    }

    /**
     * SIGKILL to the gateway JVM and all its descendants, taken in one snapshot before the first signal (a killed
     * parent's children are re-parented and would no longer be found), then waits until every one has exited.
     * Returns the command names of the processes killed.
     */
    List<String> killTree() throws InterruptedException {
        return gateway.killTree();
    }

    /** Graceful stop (SIGTERM), as an operator would; SIGKILL to the tree if it takes more than 40 s. */
    int stop() throws InterruptedException {
        Process process = gateway.process();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                killTree();
            }
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return gateway.stderr();
    }

    /** Live processes other than this JVM whose command line mentions {@code dir} (e.g. a leftover mysqld). */
    static List<String> processesMentioning(Path dir) {
        return GatewayProcess.processesMentioning(dir);
    }
}
