package coffer.it;

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
 * Runs the AWS CLI of the Debian package {@code awscli} ({@code /usr/bin/aws}, always by full path: another
 * {@code aws} may come first on PATH) against one endpoint, in a sealed environment: its own config and
 * credentials files and home directory, so that no user configuration leaks in. Every run has a timeout.
 */
final class AwsCli {
    static final Path AWS = Path.of("/usr/bin/aws");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(20);

    /** What a finished process left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path dir;
    private final URI endpoint;

    /**
     * @param dir      a private directory for the config, credentials and the processes' output
     * @param endpoint the gateway
     * @param config   the contents of the CLI's config file
     */
    AwsCli(Path dir, URI endpoint, String config) throws IOException {
        this.dir = dir;
        this.endpoint = endpoint;
        Files.writeString(dir.resolve("config"), config);
        // Empty: the keys come from the environment, nothing from any profile.
        Files.writeString(dir.resolve("credentials"), "");
    }

    /** Installs the Debian package when {@code /usr/bin/aws} is missing; fails loudly if that is impossible. */
    static void ensureInstalled(Path workDir) throws IOException, InterruptedException {
        if (Files.isExecutable(AWS)) {
            return;
        }
        // Another process may hold the dpkg lock: wait for it rather than fail.
        Result update = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update"),
                Map.of("DEBIAN_FRONTEND", "noninteractive"), workDir, "apt-update", APT_TIMEOUT);
        if (update.exitCode() != 0) {
            throw new AssertionError("/usr/bin/aws is missing and 'apt-get update' failed (no network?): "
                    + update.describe());
        }
        Result install = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "awscli"),
                Map.of("DEBIAN_FRONTEND", "noninteractive"), workDir, "apt-install", APT_TIMEOUT);
        if (install.exitCode() != 0 || !Files.isExecutable(AWS)) {
            throw new AssertionError("/usr/bin/aws is missing and 'apt-get install awscli' failed: "
                    + install.describe());
        }
    }

    /** Runs {@code /usr/bin/aws --endpoint-url <gateway> <args>}. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = Map.of(
                "AWS_ACCESS_KEY_ID", TestGateway.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", TestGateway.SECRET_KEY,
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_CONFIG_FILE", dir.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString(),
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_PAGER", "",
                "HOME", dir.toString(),
                "PATH", "/usr/bin:/bin",
                "LC_ALL", "C.UTF-8");
        return exec(command, env, dir, "aws", RUN_TIMEOUT);
    }

    /** Runs a process with exactly {@code env} plus nothing inherited, its output going to files in {@code dir}. */
    private static Result exec(List<String> command, Map<String, String> env, Path dir, String name,
                               Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, name + "-", ".out");
        Path err = Files.createTempFile(dir, name + "-", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (!env.containsKey("PATH")) {
            pb.environment().keySet().retainAll(List.of("PATH"));
        } else {
            pb.environment().clear();
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + Files.readString(out, StandardCharsets.UTF_8)
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
