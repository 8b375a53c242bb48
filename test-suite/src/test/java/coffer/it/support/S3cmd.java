package coffer.it.support;

import java.io.IOException;
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
 * Runs s3cmd of the Debian package {@code s3cmd} ({@code /usr/bin/s3cmd}, by full path) against one endpoint
 * with its own config file ({@code -c}), path-style, plain HTTP, in a sealed environment. Every run has a timeout.
 */
public final class S3cmd {
    public static final Path S3CMD = Path.of("/usr/bin/s3cmd");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(20);

    public record Result(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path dir;
    private final Path config;

    /** @param signatureV2 s3cmd's {@code signature_v2} setting */
    public S3cmd(Path dir, URI endpoint, boolean signatureV2) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("s3cfg");
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        Files.writeString(config, "[default]\n"
                + "access_key = " + TestGateway.ACCESS_KEY + "\n"
                + "secret_key = " + TestGateway.SECRET_KEY + "\n"
                + "host_base = " + host + "\n"
                // No %(bucket)s: path-style requests to the gateway itself.
                + "host_bucket = " + host + "\n"
                + "use_https = False\n"
                + "signature_v2 = " + (signatureV2 ? "True" : "False") + "\n"
                + "bucket_location = us-east-1\n"
                + "check_ssl_certificate = False\n"
                + "guess_mime_type = False\n");
    }

    /** Installs the Debian package when {@code /usr/bin/s3cmd} is missing (we run as root). */
    public static void ensureInstalled(Path workDir) throws IOException, InterruptedException {
        if (Files.isExecutable(S3CMD)) {
            return;
        }
        Result update = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update"), workDir, APT_TIMEOUT);
        if (update.exitCode() != 0) {
            throw new AssertionError("/usr/bin/s3cmd is missing and 'apt-get update' failed: " + update.describe());
        }
        Result install = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "s3cmd"),
                workDir, APT_TIMEOUT);
        if (install.exitCode() != 0 || !Files.isExecutable(S3CMD)) {
            throw new AssertionError("'apt-get install s3cmd' failed: " + install.describe());
        }
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(S3CMD.toString(), "-c", config.toString(), "--no-progress"));
        command.addAll(List.of(args));
        return exec(command, dir, RUN_TIMEOUT);
    }

    private static Result exec(List<String> command, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "run-", ".out");
        Path err = Files.createTempFile(dir, "run-", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("HOME", dir.toString(), "PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8",
                "DEBIAN_FRONTEND", "noninteractive"));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
