package coffer.it.support;

import java.io.File;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code coffer serve} as a child JVM, launched from the test class path (the shaded jar does not exist yet when
 * tests run), with stdout and stderr captured to files. Not thread-safe; one owner.
 */
public final class GatewayProcess implements AutoCloseable {
    public static final String READY_LINE = "Coffer is serving";
    private static final Pattern ADMIN_LINE = Pattern.compile("Admin API on (http://[^\\s]+:\\d+)");

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;

    private GatewayProcess(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code serve} with {@code -Xmx256m} and waits until it announces itself and its port accepts
     * connections. {@code env} entries with a null value are removed from the inherited environment.
     */
    public static GatewayProcess start(Path logDir, String label, Path dataDir, int port, Map<String, String> env,
                                Duration timeout) throws IOException, InterruptedException {
        return start(logDir, label, dataDir, port, env, List.of(), timeout);
    }

    /**
     * As {@link #start(Path, String, Path, int, Map, Duration)}, with more {@code serve} options after the default
     * ones (an external catalog's {@code --db-url}, {@code --blob-store s3}, {@code --cluster-key-file}...). Secrets
     * go in {@code env} ({@code COFFER_DB_PASSWORD}, {@code COFFER_BLOB_S3_SECRET_KEY}), not here: a command line is
     * visible to every user of the machine.
     */
    public static GatewayProcess start(Path logDir, String label, Path dataDir, int port, Map<String, String> env,
                                       List<String> serveOptions, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // The production logging (to stderr), not the test suite's logback-test.xml (to a shared file).
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                "coffer.gateway.Main", "serve",
                "--port", Integer.toString(port),
                // A free admin port too: 9001 may be taken on a developer's machine (a `make run`).
                "--admin-port", "0",
                // And a free console port: two gateways of one test would both want 9002.
                "--console-port", "0",
                "--data-dir", dataDir.toString()));
        command.addAll(serveOptions);
        Path out = logDir.resolve(label + ".stdout");
        Path err = logDir.resolve(label + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        GatewayProcess gateway = new GatewayProcess(builder.start(), port, out, err);
        try {
            gateway.awaitReady(timeout);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            gateway.close();
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
            if (stdout().contains(READY_LINE) && accepts()) {
                return;
            }
            Thread.sleep(200);
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

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The admin API's base URI, as the child announced it on stdout (it binds a free port). */
    public URI adminEndpoint() throws IOException {
        Matcher m = ADMIN_LINE.matcher(stdout());
        if (!m.find()) {
            throw new IllegalStateException("the gateway did not announce its admin API");
        }
        return URI.create(m.group(1));
    }

    public Process process() {
        return process;
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    public static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /**
     * SIGKILL to the gateway JVM and all its descendants (an embedded {@code mysqld}), taken in one snapshot before
     * the first signal (a killed parent's children are re-parented and would no longer be found), as a machine crash
     * would stop them; then waits until every one has exited. Returns the command names of the processes killed.
     */
    public List<String> killTree() throws InterruptedException {
        List<ProcessHandle> tree = java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()),
                process.toHandle().descendants()).toList();
        List<String> killed = new ArrayList<>();
        for (ProcessHandle p : tree) {
            killed.add(p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("pid " + p.pid()));
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("process " + p.pid() + " survived SIGKILL", e);
            }
        }
        return killed;
    }

    /** Sends SIGTERM ({@link Process#destroy()} on Linux) without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, or -1 if the process was still alive after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Live processes other than this JVM whose command line mentions {@code dir} (e.g. a leftover mysqld). */
    public static List<String> processesMentioning(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(line -> line.contains(needle))
                .toList();
    }

    /** Stops the process if it still runs: SIGTERM, then SIGKILL after 40 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return "GatewayProcess[pid=" + process.pid() + ", port=" + port + ", log=" + stdout.getParent() + File.separator
                + "]";
    }
}
