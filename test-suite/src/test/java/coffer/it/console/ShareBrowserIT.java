package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.support.GatewayExtension;
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
 * Share links and devices in real browsers (headless Debian Chromium): share a file from the files page, open the
 * link in a second browser with an empty profile (no cookies) and read the file, revoke the link on the shares page
 * and find it refused there; create an access key on the devices page and use it with the AWS SDK v2 on the S3
 * port; sign out and find every page closed.
 */
class ShareBrowserIT {
    private static final String PASSWORD = "a sharing person's password";
    private static final String TEXT = "the holiday plan: leave on Friday, back on Sunday\n";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()))
            .build();

    private static Path workDir;
    private static ChromeDriver owner;
    private static ChromeDriver friend;

    @BeforeAll
    static void startBrowsers() throws Exception {
        workDir = Files.createTempDirectory(Path.of("target"), "share-browser-");
        Chromium.ensureInstalled(workDir);
        owner = Chromium.start(workDir, 1280, 900);
        friend = Chromium.start(workDir, 390, 844);
    }

    @AfterAll
    static void quitBrowsers() {
        for (ChromeDriver d : new ChromeDriver[] {owner, friend}) {
            if (d != null) {
                d.quit();
            }
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + gateway.server().consolePort() + path;
    }

    private static WebElement byTestId(WebDriver d, String id) {
        return new WebDriverWait(d, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + id + "']")));
    }

    private static void waitFor(WebDriver d, String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(d, Duration.ofSeconds(20)).withMessage(what).until(condition);
    }

    @Test
    void shareAFileOpenItElsewhereRevokeItMakeAKeyAndSignOut() throws Exception {
        owner.get(url("/signup"));
        byTestId(owner, "signup-email").sendKeys("sharer@example.org");
        byTestId(owner, "signup-password").sendKeys(PASSWORD);
        byTestId(owner, "signup-submit").click();
        waitFor(owner, "home after sign-up", d -> d.getCurrentUrl().equals(url("/")));
        owner.get(url("/files"));
        byTestId(owner, "bucket-name").sendKeys("shared-things");
        byTestId(owner, "bucket-create").click();
        new WebDriverWait(owner, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid='bucket-row'][data-bucket='shared-things']"))).click();
        Path file = workDir.resolve("plan.txt");
        Files.writeString(file, TEXT);
        owner.findElement(By.cssSelector("[data-testid='upload-input']")).sendKeys(file.toAbsolutePath().toString());
        WebElement row = new WebDriverWait(owner, Duration.ofSeconds(20)).until(ExpectedConditions
                .visibilityOfElementLocated(By.cssSelector("[data-testid='object-row'][data-key='plan.txt']")));

        // Share it: a week, no password, no limit (the dialog's defaults).
        row.findElement(By.cssSelector("[data-testid='share-button']")).click();
        byTestId(owner, "share-create").click();
        WebElement shareUrl = byTestId(owner, "share-url");
        waitFor(owner, "the link is shown", d -> shareUrl.getAttribute("value").contains("/s/"));
        String link = shareUrl.getAttribute("value");
        assertTrue(link.startsWith(url("/s/")), link);

        // A second browser, without any cookie of the console, reads the file.
        friend.get(link);
        waitFor(friend, "the shared file's text", d -> d.getPageSource().contains("the holiday plan"));
        assertTrue(friend.manage().getCookies().stream().noneMatch(c -> c.getName().equals("coffer_session")));

        // Revoke it on the shares page; the friend's next visit is refused.
        owner.get(url("/shares"));
        WebElement share = byTestId(owner, "share-row");
        assertEquals("plan.txt", share.getAttribute("data-key"));
        assertTrue(byTestId(owner, "share-downloads").getText().startsWith("1 downloads"),
                byTestId(owner, "share-downloads").getText());
        byTestId(owner, "share-revoke").click();
        waitFor(owner, "the list is empty", d -> d.findElements(By.cssSelector("[data-testid='share-row']"))
                .isEmpty());
        friend.get(link);
        waitFor(friend, "the link is refused", d -> d.getPageSource().contains("ShareLinkRevoked"));

        // A key made on the devices page works with the AWS SDK v2 on the S3 port.
        owner.get(url("/devices"));
        byTestId(owner, "key-create").click();
        WebElement keyId = byTestId(owner, "key-id");
        waitFor(owner, "the new key", d -> !keyId.getText().isEmpty());
        String id = keyId.getText();
        String secret = byTestId(owner, "key-secret").getText();
        assertTrue(byTestId(owner, "settings-rclone").getText().contains("endpoint = http://127.0.0.1:"
                + gateway.server().port()));
        try (S3Client s3 = gateway.client(id, secret, false,
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)) {
            assertEquals(TEXT, s3.getObjectAsBytes(b -> b.bucket("shared-things").key("plan.txt")).asUtf8String());
            s3.putObject(b -> b.bucket("shared-things").key("from-the-sdk.txt"), RequestBody.fromString("sdk"));
        }

        // Sign out: every page is closed.
        byTestId(owner, "sign-out").click();
        waitFor(owner, "sign-out ends on the sign-in page", d -> d.getCurrentUrl().endsWith("/signin"));
        for (String page : List.of("/", "/files", "/shares", "/devices")) {
            owner.get(url(page));
            waitFor(owner, page + " is closed without a session", d -> d.getCurrentUrl().endsWith("/signin"));
        }
        for (String api : List.of("/api/shares", "/api/keys")) {
            owner.get(url(api));
            assertTrue(owner.getPageSource().contains("NoSession"), api);
        }
    }
}
