package coffer.it.console;

import coffer.it.support.DebianTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, both installed with apt-get when missing (the tests run
 * as root; {@link DebianTools}). The driver binary and the browser binary are given to Selenium explicitly, so
 * Selenium Manager never looks anything up or downloads anything. Each {@link #start} is a fresh browser with its
 * own empty profile: no cookies shared with another.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Installs the two packages when missing. */
    static void ensureInstalled(Path workDir) throws IOException, InterruptedException {
        DebianTools.ensureInstalled("chromium", BROWSER, workDir);
        DebianTools.ensureInstalled("chromium-driver", DRIVER, workDir);
    }

    /** A fresh headless browser of {@code width} x {@code height} CSS pixels; the caller quits it. */
    static ChromeDriver start(Path workDir, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--password-store=basic",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
