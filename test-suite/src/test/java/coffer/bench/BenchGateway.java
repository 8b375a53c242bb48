package coffer.bench;

import coffer.it.support.GatewayProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
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

/**
 * {@code coffer serve} from the shaded jar (as `make bench` runs it, and as production does: {@code -Xmx1g}, the
 * systemd unit's heap) in its own process on a free port, with a free admin port, its output in
 * {@code DIR/NAME.stdout} and {@code .stderr}. Started ready (it announced itself and its port accepts); stopped
 * with SIGTERM, then SIGKILL after 40 s. One owner.
 */
final class BenchGateway implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final Process process;
    private final int port;

    private BenchGateway(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts gateway {@code name} with data directory {@code DIR/NAME} and {@code args} after the defaults. */
    static BenchGateway start(Path jar, Path dir, String name, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        int port = GatewayProcess.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", jar.toString(),
                // No console: it would want port 9002 on each of several gateways, and the load is S3's.
                "serve", "--port", Integer.toString(port), "--admin-port", "0", "--console-enabled", "false",
                "--data-dir", dir.resolve(name).toString()));
        command.addAll(args);
        Path out = dir.resolve(name + ".stdout");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve(name + ".stderr").toFile());
        builder.environment().putAll(env);
        BenchGateway gateway = new BenchGateway(name, builder.start(), port);
        try {
            gateway.awaitReady(out, dir.resolve(name + ".stderr"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        System.err.println("[bench] " + name + " serves on " + gateway.endpoint() + " (pid " + gateway.pid() + ")");
        return gateway;
    }

    private void awaitReady(Path out, Path err) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                        + GatewayProcess.tail(err));
            }
            if (Files.readString(out, StandardCharsets.UTF_8).contains(GatewayProcess.READY_LINE) && accepts()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + START_TIMEOUT + ":\n" + GatewayProcess.tail(err));
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
