package coffer.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real client programs from Debian packages: installs one when its binary is missing (the tests run as root), and
 * runs processes in a sealed environment with a timeout, their output kept in files.
 */
public final class DebianTools {
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(20);

    /** What a finished process left behind. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private DebianTools() {
    }

    /** Installs {@code debianPackage} when {@code binary} is missing; fails loudly if that is impossible. */
    public static synchronized void ensureInstalled(String debianPackage, Path binary, Path workDir)
            throws IOException, InterruptedException {
        if (Files.isExecutable(binary)) {
            return;
        }
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        // Another process may hold the dpkg lock: wait for it rather than fail.
        Result update = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update"), env, workDir,
                "apt-update", APT_TIMEOUT);
        if (update.exitCode() != 0) {
            throw new AssertionError(binary + " is missing and 'apt-get update' failed (no network?): "
                    + update.describe());
        }
        Result install = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", debianPackage),
                env, workDir, "apt-install", APT_TIMEOUT);
        if (install.exitCode() != 0 || !Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is missing and 'apt-get install " + debianPackage + "' failed: "
                    + install.describe());
        }
    }

    /** Runs a process with exactly {@code env} (nothing inherited), its output going to files in {@code dir}. */
    public static Result exec(List<String> command, Map<String, String> env, Path dir, String name, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, name + "-", ".out");
        Path err = Files.createTempFile(dir, name + "-", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
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
