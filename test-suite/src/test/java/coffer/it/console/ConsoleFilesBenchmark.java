package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.support.AwsCli;
import coffer.it.support.GatewayExtension;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import coffer.storage.PutObject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The files page's figures (docs/benchmarks.md, "Console"), not part of {@code make test} (its name ends in neither
 * IT nor Test): how long the page takes to show a folder of 10,000 objects in a real headless Chromium (the first
 * page of 1,000, then every page), and the upload speed of a 1 GiB file through the page against the AWS CLI to
 * the S3 port, same gateway, same run. Run it with
 * {@code mvn -B -ntp -q -pl test-suite -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConsoleFilesBenchmark}
 * ({@code -Dcoffer.bench.uploadMib=1024}, {@code -Dcoffer.bench.objects=10000}); it prints its figures.
 */
class ConsoleFilesBenchmark {
    private static final String PASSWORD = "benchmark password";
    private static final int OBJECTS = Integer.getInteger("coffer.bench.objects", 10_000);
    private static final int UPLOAD_MIB = Integer.getInteger("coffer.bench.uploadMib", 1024);
    private static final int ROUNDS = 3;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()))
            .build();

    @Test
    void folderOfTenThousandAndOneGibibyteUpload() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "console-bench-").toAbsolutePath();
        Chromium.ensureInstalled(work);
        AwsCli.ensureInstalled(work);
        ConsoleHttp api = new ConsoleHttp(gateway.server().consolePort());
        assertEquals(201, api.signUp("bench@example.org", PASSWORD).status());
        assertEquals(201, api.post("/api/buckets", Map.of("name", "bench-files")).status());
        fill(gateway.server().store(), gateway.server().store().findBucket("bench-files").orElseThrow());

        ChromeDriver browser = Chromium.start(work, 1280, 900);
        browser.manage().timeouts().scriptTimeout(Duration.ofMinutes(10));
        try {
            String base = "http://127.0.0.1:" + gateway.server().consolePort();
            browser.get(base + "/signin");
            find(browser, "login-email").sendKeys("bench@example.org");
            find(browser, "login-password").sendKeys(PASSWORD);
            find(browser, "login-submit").click();
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().equals(base + "/"));
            browser.get(base + "/files");
            for (int round = 1; round <= ROUNDS; round++) {
                browser.navigate().refresh();
                find(browser, "bucket-row").click();
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-testid='folder-row'][data-prefix='big/'] button")));
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) browser.executeAsyncScript(FOLDER_TIMING);
                System.out.printf("BENCH folder of %,d: round %d: first page (1,000 rows) %.0f ms, all %s rows %.0f ms"
                        + " (%s)%n", OBJECTS, round, ((Number) t.get("first")).doubleValue(), t.get("rows"),
                        ((Number) t.get("all")).doubleValue(), t.get("pages"));
            }
            Path file = work.resolve("upload.bin");
            writeRandom(file, UPLOAD_MIB);
            AwsCli aws = new AwsCli(Files.createDirectory(work.resolve("cli")), gateway.endpoint(),
                    "[default]\nregion = us-east-1\noutput = json\n");
            assertEquals(0, aws.run("s3", "mb", "s3://cli-bench").exitCode());
            for (int round = 1; round <= 2; round++) {
                long start = System.nanoTime();
                AwsCli.Result r = aws.run("s3", "cp", file.toString(), "s3://cli-bench/upload-" + round + ".bin");
                double cli = (System.nanoTime() - start) / 1e9;
                assertEquals(0, r.exitCode(), r.describe());
                browser.navigate().refresh();
                find(browser, "bucket-row").click();
                find(browser, "drop-zone");
                start = System.nanoTime();
                browser.findElement(By.cssSelector("[data-testid='upload-input']")).sendKeys(file.toString());
                WebElement bar = new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                        ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                                "[data-testid='upload-progress'][data-key='upload.bin']")));
                new WebDriverWait(browser, Duration.ofMinutes(30), Duration.ofMillis(100))
                        .until(d -> "100".equals(bar.getAttribute("aria-valuenow")));
                double console = (System.nanoTime() - start) / 1e9;
                assertEquals((long) UPLOAD_MIB << 20, gateway.server().store().findObject(gateway.server().store()
                        .findBucket("bench-files").orElseThrow(), "upload.bin").orElseThrow().size());
                System.out.printf("BENCH %d MiB upload: round %d: AWS CLI %.1f s (%.1f MiB/s), console %.1f s"
                        + " (%.1f MiB/s)%n", UPLOAD_MIB, round, cli, UPLOAD_MIB / cli, console, UPLOAD_MIB / console);
                browser.executeScript("document.getElementById('uploads').replaceChildren()");
            }
            Files.delete(file);
        } finally {
            browser.quit();
        }
    }

    /** Clicks the folder, waits for the first page's rows, then shows every page; answers the times. */
    private static final String FOLDER_TIMING = """
            const done = arguments[arguments.length - 1];
            const status = document.getElementById('list-status');
            const more = document.getElementById('more');
            const rows = () => document.querySelectorAll('[data-testid=object-row]').length;
            const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
            (async () => {
              const start = performance.now();
              document.querySelector("[data-testid='folder-row'][data-prefix='big/'] button").click();
              while (rows() < 1000) { await frame(); }
              const first = performance.now() - start;
              let pages = 1;
              const each = [];
              while (!more.hidden) {
                const before = rows();
                const t = performance.now();
                more.click();
                while (rows() === before) { await frame(); }
                each.push(Math.round(performance.now() - t));
                pages++;
              }
              done({first, all: performance.now() - start, rows: rows(), pages: pages + ' pages: ' + each});
            })().catch((e) => done({first: -1, all: -1, rows: String(e), pages: 0}));
            """;

    private static WebElement find(ChromeDriver browser, String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='" + id + "']")));
    }

    /** OBJECTS objects of 100 bytes under big/, straight on the engine, 4 at a time. */
    private static void fill(ObjectStorage store, Bucket bucket) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                String key = String.format("big/photo-%05d.jpg", i);
                all.add(pool.submit(() -> store.putObject(PutObject.of(bucket, key,
                        new ByteArrayInputStream(new byte[100]), 100).build())));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf("BENCH filled %,d objects in %.1f s%n", OBJECTS, (System.nanoTime() - start) / 1e9);
    }

    private static void writeRandom(Path file, int mib) throws Exception {
        Random random = new Random(1);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }
}
