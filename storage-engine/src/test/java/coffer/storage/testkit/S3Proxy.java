package coffer.storage.testkit;

import coffer.storage.blob.S3BlobSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * s3proxy 2.6.0 (filesystem backend) in its own process on a free loopback port, as the S3 blob store of gateways
 * under test (--blob-store s3): the jar-with-dependencies that Maven copies to {@code target/s3proxy/s3proxy.jar},
 * as `make bench` runs it, for the engine's S3 blob tests and (through the testkit test-jar) test-suite's; each
 * module's build copies the jar into its own {@code target/}. Started when constructed; as a JUnit extension
 * registered before the gateway's, it is stopped after the gateway. {@link #stop} and {@link #start} again keep the
 * port and the stored files, to simulate an outage. The files stay under {@code target/} for inspection.
 */
public final class S3Proxy implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String ACCESS_KEY = "S3PROXYTESTACCESSKEY";
    public static final String SECRET_KEY = "s3proxy-test-secret-key-0123456789abcdef";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Path blobs;
    private final int port;
    private Process process;

    public S3Proxy(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
            this.blobs = Files.createDirectories(dir.resolve("store"));
            this.port = freePort();
            Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.identity=remote-identity",
                    "jclouds.credential=remote-credential",
                    "jclouds.filesystem.basedir=" + blobs.toAbsolutePath(), ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** Where the store's files are: one directory per bucket. */
    public Path storeDir() {
        return blobs;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The gateway's blob store settings for a new bucket {@code bucket} of this store (prefix {@code coffer/}). */
    public S3BlobSettings blobStore(String bucket) {
        createBucket(bucket);
        return S3BlobSettings.of(endpoint(), bucket, "coffer/", "us-east-1", ACCESS_KEY, SECRET_KEY);
    }

    /** Creates a bucket (a directory of the filesystem backend). */
    public void createBucket(String bucket) {
        try {
            Files.createDirectories(blobs.resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: Maven copies it in process-test-resources");
        }
        try {
            // C1 only and the serial collector: the JVM starts in about half the time on a loaded 2-core machine
            // (an outage test's restart is on its clock); transfers measured no slower (64 MiB PUT and GET).
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-DLOG_LEVEL=warn", "-jar", jar.toString(),
                    "--properties", dir.resolve("s3proxy.conf").toAbsolutePath().toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("s3proxy.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + "; see "
                        + dir.resolve("s3proxy.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("s3proxy did not listen on " + port + " within " + START_TIMEOUT);
    }

    /** Stops the process (the store's files stay). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** A fresh directory under {@code target/s3proxy-runs} for one test class's store. */
    public static S3Proxy forClass(String name) {
        try {
            return new S3Proxy(Files.createTempDirectory(Files.createDirectories(
                    Path.of("target", "s3proxy-runs")), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
