package coffer.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the AWS CLI of the Debian package {@code awscli} ({@code /usr/bin/aws}, always by full path: another
 * {@code aws} may come first on PATH) against one endpoint, in a sealed environment: its own config and
 * credentials files and home directory, so that no user configuration leaks in. Every run has a timeout.
 */
public final class AwsCli {
    public static final Path AWS = Path.of("/usr/bin/aws");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    /** What a finished process left behind. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String describe() {
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
    public AwsCli(Path dir, URI endpoint, String config) throws IOException {
        this.dir = dir;
        this.endpoint = endpoint;
        Files.writeString(dir.resolve("config"), config);
        // Empty: the keys come from the environment, nothing from any profile.
        Files.writeString(dir.resolve("credentials"), "");
    }

    /** Installs the Debian package when {@code /usr/bin/aws} is missing; fails loudly if that is impossible. */
    public static void ensureInstalled(Path workDir) throws IOException, InterruptedException {
        DebianTools.ensureInstalled("awscli", AWS, workDir);
    }

    /** Runs {@code /usr/bin/aws --endpoint-url <gateway> <args>}. */
    public Result run(String... args) throws IOException, InterruptedException {
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
        DebianTools.Result r = DebianTools.exec(command, env, dir, "aws", RUN_TIMEOUT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

}
