package coffer.it.crash;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code coffer serve} as a child JVM started from the test class path (as {@code coffer.it.GatewayProcess} does),
 * on a fresh free port, with its embedded MariaDB; logs go to {@code <label>.stdout/.stderr}. {@link #killTree()}
 * simulates a machine crash: SIGKILL to the JVM and to every descendant (the embedded {@code mysqld} is one), so
 * that neither gets to flush or close anything. Not thread-safe; one owner.
 */
final class ChildGateway {
    static final String READY_LINE = "Coffer is serving";

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;

    private ChildGateway(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code serve} and waits until it announces itself and its port accepts connections. */
    static ChildGateway start(Path logDir, String label, Path dataDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                "coffer.gateway.Main", "serve",
                "--port", Integer.toString(port),
                // A free admin port too: 9001 may be taken on a developer's machine (a `make run`).
                "--admin-port", "0",
                "--data-dir", dataDir.toString());
        Path out = logDir.resolve(label + ".stdout");
        Path err = logDir.resolve(label + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        ChildGateway gateway = new ChildGateway(builder.start(), port, out, err);
        try {
            gateway.awaitReady(timeout);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            gateway.killTree();
            throw e;
        }
        return gateway;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + " before it was ready:\n"
                        + tail(stderr) + "\n" + tail(stdout));
            }
            if (Files.readString(stdout, StandardCharsets.UTF_8).contains(READY_LINE) && accepts()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gateway not ready after " + timeout + ":\n" + tail(stderr));
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * SIGKILL to the gateway JVM and all its descendants, taken in one snapshot before the first signal (a killed
     * parent's children are re-parented and would no longer be found), then waits until every one has exited.
     * Returns the command names of the processes killed.
     */
    List<String> killTree() throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants())
                .toList();
        List<String> killed = new ArrayList<>();
        for (ProcessHandle p : tree) {
            killed.add(p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("pid " + p.pid()));
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("process " + p.pid() + " survived SIGKILL", e);
            }
        }
        return killed;
    }

    /** Graceful stop (SIGTERM), as an operator would; SIGKILL to the tree if it takes more than 40 s. */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                killTree();
            }
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** Live processes other than this JVM whose command line mentions {@code dir} (e.g. a leftover mysqld). */
    static List<String> processesMentioning(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(line -> line.contains(needle))
                .toList();
    }
}
