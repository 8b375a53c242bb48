package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.support.GatewayExtension;
import coffer.storage.Bucket;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectStorage;
import coffer.storage.PutObject;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Makes the console's screenshots under {@code docs/console/} (docs/console.md, "Screenshots"), at desktop (1280 x
 * 800) and phone (390 x 844) sizes, in a real headless Chromium against a fresh gateway: sign-in, home with some
 * usage, a folder with files, an upload in progress, the share dialog, the devices page with a new key. Not part of
 * {@code make test} (its name ends in neither IT nor Test). Redo them with
 * {@code mvn -B -ntp -q -pl test-suite -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConsoleScreenshots}
 * ({@code -Dcoffer.screenshots.dir=DIR} to write elsewhere; the default is the checkout's {@code docs/console}).
 */
class ConsoleScreenshots {
    private static final String EMAIL = "robin@example.org";
    private static final String PASSWORD = "screenshot password";
    private static final Path OUT = Path.of(System.getProperty("coffer.screenshots.dir", "../docs/console"));

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()))
            .build();

    @Test
    void screenshots() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "console-shots-").toAbsolutePath();
        Files.createDirectories(OUT);
        Chromium.ensureInstalled(work);
        ConsoleHttp api = new ConsoleHttp(gateway.server().consolePort());
        assertEquals(201, api.signUp(EMAIL, PASSWORD).status());
        assertEquals(201, api.post("/api/buckets", Map.of("name", "holiday-photos")).status());
        assertEquals(201, api.post("/api/buckets", Map.of("name", "documents")).status());
        fill(gateway.server().store(), gateway.server().store().findBucket("holiday-photos").orElseThrow());
        Path big = work.resolve("family-video.mp4");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(512L * 1024 * 1024); // sparse: enough bytes to catch the upload half-way
        }
        shoot(work, big, "desktop", 1280, 800);
        shoot(work, big, "phone", 390, 844);
    }

    private static void shoot(Path work, Path big, String size, int width, int height) throws Exception {
        ChromeDriver browser = Chromium.start(work, width, height);
        try {
            // The window size is the whole window, and at least 500 px wide: the page's own size is set here.
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", width < 600));
            String base = "http://127.0.0.1:" + gateway.server().consolePort();
            browser.get(base + "/signin");
            find(browser, "login-email").sendKeys(EMAIL);
            find(browser, "login-password").sendKeys(PASSWORD);
            save(browser, "signin", size);
            find(browser, "login-submit").click();
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().equals(base + "/"));
            WebElement bar = find(browser, "usage-bar");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !"0".equals(bar.getAttribute("aria-valuenow")));
            save(browser, "home", size);

            browser.get(base + "/files");
            click(browser, "[data-testid='bucket-row'][data-bucket='holiday-photos']");
            click(browser, "[data-testid='folder-row'][data-prefix='2026-summer/'] button");
            find(browser, "object-row");
            browser.executeScript("document.querySelector('[data-testid=object-row]').scrollIntoView({block: 'center'})");
            save(browser, "folder", size);

            browser.findElement(By.cssSelector("[data-testid='upload-input']")).sendKeys(big.toString());
            WebElement progress = new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='upload-progress']")));
            new WebDriverWait(browser, Duration.ofMinutes(5), Duration.ofMillis(50)).until(d -> {
                String now = progress.getAttribute("aria-valuenow");
                return now != null && Double.parseDouble(now) >= 8;
            });
            browser.executeScript("document.getElementById('uploads').scrollIntoView({block: 'start'})");
            save(browser, "upload", size);
            browser.findElement(By.cssSelector("[data-testid='upload-cancel']")).click();

            browser.navigate().refresh();
            click(browser, "[data-testid='bucket-row'][data-bucket='holiday-photos']");
            click(browser, "[data-testid='folder-row'][data-prefix='2026-summer/'] button");
            click(browser, "[data-testid='object-row'][data-key='2026-summer/beach.jpg'] [data-testid='share-button']");
            find(browser, "share-password").sendKeys("sunny days");
            find(browser, "share-limit").sendKeys("10");
            save(browser, "share-dialog", size);
            find(browser, "share-create").click();
            WebElement url = find(browser, "share-url");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> url.getAttribute("value").contains("/s/"));
            save(browser, "share-link", size);

            browser.get(base + "/devices");
            find(browser, "key-create").click();
            WebElement id = find(browser, "key-id");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !id.getText().isEmpty());
            browser.executeScript("window.scrollTo(0, 0)");
            save(browser, "devices", size);
        } finally {
            browser.quit();
        }
    }

    private static void save(ChromeDriver browser, String name, String size) throws Exception {
        Thread.sleep(300); // let the last layout and focus ring settle
        Files.write(OUT.resolve(name + "-" + size + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static void click(ChromeDriver browser, String css) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(css))).click();
    }

    private static WebElement find(ChromeDriver browser, String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='" + id + "']")));
    }

    /** A folder of photos and documents of plausible sizes (zeros: the screenshots show names and sizes). */
    private static void fill(ObjectStorage store, Bucket bucket) throws Exception {
        Object[][] files = {
            {"2026-summer/beach.jpg", 4_812_331, "image/jpeg"}, {"2026-summer/sunset.jpg", 3_920_114, "image/jpeg"},
            {"2026-summer/harbour.jpg", 5_204_992, "image/jpeg"}, {"2026-summer/picnic.mov", 38_511_002, "video/quicktime"},
            {"2026-summer/route.gpx", 182_330, "application/gpx+xml"}, {"2026-summer/tickets.pdf", 241_877,
                "application/pdf"}, {"2026-summer/day-2/market.jpg", 4_100_223, "image/jpeg"},
            {"2025-winter/snow.jpg", 3_311_876, "image/jpeg"}, {"packing-list.txt", 1_204, "text/plain"},
        };
        for (Object[] f : files) {
            int length = (Integer) f[1];
            store.putObject(PutObject.of(bucket, (String) f[0], new ByteArrayInputStream(new byte[length]), length)
                    .metadata(new ObjectMetadata((String) f[2], null, null, null, null, null, Map.of())).build());
        }
    }
}
