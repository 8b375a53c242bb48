package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.support.GatewayExtension;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.AccountInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The console in a real browser (headless Debian Chromium, {@link Chromium}): sign up, find 0 B of 100 GB on the
 * home page, see the usage bar move after an upload, sign out and find every page closed, sign in again, and a wrong
 * password explained on the form. Elements are found by their {@code data-testid} (docs/console.md).
 */
class ConsoleBrowserIT {
    private static final String EMAIL = "browser@example.org";
    private static final String PASSWORD = "a browser's password";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()))
            .build();

    private static Path workDir;
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        workDir = Files.createTempDirectory(Path.of("target"), "console-browser-");
        Chromium.ensureInstalled(workDir);
        browser = Chromium.start(workDir, 1280, 900);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + gateway.server().consolePort() + path;
    }

    private static WebElement byTestId(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + id + "']")));
    }

    private static void waitFor(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(what).until(condition);
    }

    @Test
    void signUpSeeTheUsageSignOutAndFindEveryPageClosed() throws Exception {
        browser.get(url("/"));
        waitFor("the home page sends a stranger to sign in", d -> d.getCurrentUrl().endsWith("/signin"));
        browser.get(url("/signup"));
        byTestId("signup-email").sendKeys(EMAIL);
        byTestId("signup-password").sendKeys(PASSWORD);
        byTestId("signup-submit").click();

        waitFor("home after sign-up", d -> d.getCurrentUrl().equals(url("/")));
        WebElement bar = byTestId("usage-bar");
        waitFor("the usage bar is filled in", d -> "107374182400".equals(bar.getAttribute("aria-valuemax")));
        assertEquals("progressbar", bar.getAttribute("role"));
        assertEquals("0", bar.getAttribute("aria-valuenow"));
        assertEquals("0 B of 100 GB", byTestId("usage-text").getText());
        assertEquals("0 B of 100 GB", bar.getAttribute("aria-valuetext"));
        assertEquals("free", byTestId("plan").getText());
        assertEquals("0", byTestId("object-count").getText());

        // The usage bar moves: 1.5 MiB stored through the S3 port with a key of the new account.
        AccountInfo account = gateway.server().store().accounts().findByEmail(EMAIL).get(0);
        AccessKeyPair key = gateway.server().store().accounts().createKey(account.name());
        try (S3Client s3 = gateway.client(key.accessKeyId(), key.secretKey(), false,
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_SUPPORTED)) {
            s3.createBucket(b -> b.bucket("browser-photos"));
            s3.putObject(b -> b.bucket("browser-photos").key("cat.jpg"), RequestBody.fromBytes(new byte[1_572_864]));
        }
        browser.navigate().refresh();
        WebElement moved = byTestId("usage-bar");
        waitFor("the usage bar moved", d -> "1572864".equals(moved.getAttribute("aria-valuenow")));
        assertEquals("1.5 MB of 100 GB", byTestId("usage-text").getText());
        assertEquals("1", byTestId("object-count").getText());

        byTestId("sign-out").click();
        waitFor("sign-out ends on the sign-in page", d -> d.getCurrentUrl().endsWith("/signin"));
        for (String page : List.of("/", "/?again")) {
            browser.get(url(page));
            waitFor(page + " is closed without a session", d -> d.getCurrentUrl().endsWith("/signin"));
        }
        browser.get(url("/api/usage"));
        assertTrue(browser.getPageSource().contains("NoSession"), browser.getPageSource());

        // A wrong password is explained on the form; the right one opens home again.
        browser.get(url("/signin"));
        byTestId("login-email").sendKeys(EMAIL);
        byTestId("login-password").sendKeys("not " + PASSWORD);
        byTestId("login-submit").click();
        assertEquals("wrong e-mail address or password", byTestId("login-error").getText());
        byTestId("login-password").clear();
        byTestId("login-password").sendKeys(PASSWORD);
        byTestId("login-submit").click();
        waitFor("home after sign-in", d -> d.getCurrentUrl().equals(url("/")));
        WebElement again = byTestId("usage-bar");
        waitFor("the usage bar after sign-in", d -> "1572864".equals(again.getAttribute("aria-valuenow")));
    }

    @Test
    void createABucketUploadAFileByTheInputAndFindItByteExact() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(url("/signup"));
        byTestId("signup-email").sendKeys("files@example.org");
        byTestId("signup-password").sendKeys(PASSWORD);
        byTestId("signup-submit").click();
        waitFor("home after sign-up", d -> d.getCurrentUrl().equals(url("/")));
        byTestId("nav-files").click();
        waitFor("the files page", d -> d.getCurrentUrl().equals(url("/files")));

        byTestId("bucket-name").sendKeys("Bad_Name");
        byTestId("bucket-create").click();
        waitFor("a bad bucket name is explained", d -> d.findElement(By.id("error")).isDisplayed());
        assertTrue(browser.findElement(By.id("error")).getText().startsWith("a bucket name is 3 to 63 characters"));
        byTestId("bucket-name").clear();
        byTestId("bucket-name").sendKeys("browser-files");
        byTestId("bucket-create").click();
        WebElement row = byTestIdWith("bucket-row", "data-bucket", "browser-files");
        row.click();

        byte[] content = new byte[300 * 1024 + 7];
        new java.util.Random(14).nextBytes(content);
        Path file = workDir.resolve("holiday notes.bin");
        Files.write(file, content);
        // Selenium types a path into a file input; the element may be hidden by styling but must exist.
        browser.findElement(By.cssSelector("[data-testid='upload-input']")).sendKeys(file.toAbsolutePath().toString());
        WebElement object = byTestIdWith("object-row", "data-key", "holiday notes.bin");
        assertTrue(object.getText().contains("300 KB"), object.getText());

        AccountInfo account = gateway.server().store().accounts().findByEmail("files@example.org").get(0);
        AccessKeyPair key = gateway.server().store().accounts().createKey(account.name());
        try (S3Client s3 = gateway.client(key.accessKeyId(), key.secretKey(), false,
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_SUPPORTED)) {
            byte[] back = s3.getObjectAsBytes(b -> b.bucket("browser-files").key("holiday notes.bin")).asByteArray();
            assertTrue(java.util.Arrays.equals(content, back), "the object is byte for byte the file");
        }
        browser.get(url("/"));
        WebElement bar = byTestId("usage-bar");
        waitFor("the usage bar counts the upload", d -> String.valueOf(content.length)
                .equals(bar.getAttribute("aria-valuenow")));
    }

    /**
     * A 20 MiB file by the file input goes in multipart (8 MiB parts, in parallel): its progress bar reaches 100 %,
     * the files page's usage bar counts it, the download link gives it back byte-exact (fetched in the page, SHA-256
     * compared), and it is deleted by selecting it; at phone width (390 px) the page does not scroll sideways.
     */
    @Test
    void uploadTwentyMebibytesWatchItsProgressDownloadItAndDeleteIt() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(url("/signup"));
        byTestId("signup-email").sendKeys("big-files@example.org");
        byTestId("signup-password").sendKeys(PASSWORD);
        byTestId("signup-submit").click();
        waitFor("home after sign-up", d -> d.getCurrentUrl().equals(url("/")));
        browser.get(url("/files"));
        byTestId("bucket-name").sendKeys("big-files");
        byTestId("bucket-create").click();
        byTestIdWith("bucket-row", "data-bucket", "big-files").click();
        byTestId("drop-zone");

        byte[] content = new byte[20 * 1024 * 1024];
        new java.util.Random(20).nextBytes(content);
        Path file = workDir.resolve("twenty.bin");
        Files.write(file, content);
        browser.findElement(By.cssSelector("[data-testid='upload-input']")).sendKeys(file.toAbsolutePath().toString());
        WebElement progress = new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                        "[data-testid='upload-progress'][data-key='twenty.bin']")));
        assertEquals("progressbar", progress.getAttribute("role"));
        assertEquals("100", progress.getAttribute("aria-valuemax"));
        new WebDriverWait(browser, Duration.ofSeconds(120)).withMessage("the upload's bar reaches 100 %")
                .until(d -> "100".equals(progress.getAttribute("aria-valuenow")));
        WebElement row = byTestIdWith("object-row", "data-key", "twenty.bin");
        assertTrue(row.getText().contains("20 MB"), row.getText());
        WebElement usage = byTestId("usage-bar");
        waitFor("the usage bar counts the upload", d -> String.valueOf(content.length)
                .equals(usage.getAttribute("aria-valuenow")));

        String href = row.findElement(By.cssSelector("[data-testid='object-download']")).getAttribute("href");
        Object digest = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(async (r) => {"
                + "  const bytes = await r.arrayBuffer();"
                + "  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));"
                + "  done(r.headers.get('Content-Disposition') + ' ' + bytes.byteLength + ' '"
                + "      + Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join(''));"
                + "}).catch((e) => done('failed: ' + e));", href);
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(content));
        assertEquals("attachment; filename=\"twenty.bin\"; filename*=UTF-8''twenty.bin " + content.length + " "
                + expected, digest);

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Object wide = browser.executeScript("return document.documentElement.scrollWidth;");
        assertTrue(((Number) wide).intValue() <= 390, "no sideways scrolling at 390 px: " + wide);
        row.findElement(By.cssSelector("[data-testid='object-select']")).click();
        byTestId("delete-selected").click();
        byTestId("dialog-ok").click();
        waitFor("the file is gone", d -> d.findElements(By.cssSelector("[data-testid='object-row']")).isEmpty());
        waitFor("the usage bar is back to 0", d -> "0".equals(byTestId("usage-bar").getAttribute("aria-valuenow")));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    private static WebElement byTestIdWith(String id, String attribute, String value) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='" + id + "'][" + attribute + "='" + value + "']")));
    }

    @Test
    void aBadSignUpIsExplainedOnTheForm() {
        ChromeDriver other = browser;
        other.manage().deleteAllCookies();
        other.get(url("/signup"));
        byTestId("signup-email").sendKeys("not-an-address");
        byTestId("signup-password").sendKeys(PASSWORD);
        byTestId("signup-submit").click();
        WebElement error = byTestId("signup-error");
        assertEquals("this is not an e-mail address we can use (name@example.com)", error.getText());
        assertEquals("true", byTestId("signup-email").getAttribute("aria-invalid"));
        assertTrue(other.getCurrentUrl().endsWith("/signup"));
    }
}
