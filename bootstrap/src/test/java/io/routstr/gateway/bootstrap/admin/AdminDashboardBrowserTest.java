package io.routstr.gateway.bootstrap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), as an operator uses it:
 * log in, add a provider, find a key and change its limits, withdraw owner funds, and a screenshot of every page in
 * {@code target/screenshots/}. Skipped when no chromedriver is installed ({@code .ci/run} installs it when it can).
 */
@NodeOnFakeWallet
class AdminDashboardBrowserTest {

    private static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AdminAccessUseCase access;

    @Autowired
    FakeTokenWallet wallet;

    WebDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "no chromium/chromedriver installed (apt-get install chromium chromium-driver): browser tests skipped");
        AdminTestSupport.knownPassword(jdbc, access);
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Clicks what submits a form or follows a link and waits until the next page replaced this one: reading the page
     * or the database right after a click would race the browser's navigation. The old page is gone when asking about
     * its root fails: Chrome says so as a stale element, or, caught mid-navigation, as an inspector error that its
     * node "does not belong to the document" (which {@code ExpectedConditions.stalenessOf} lets through; seen in CI).
     */
    private void clickAndWait(By target) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(target).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException replaced) {
                return true;
            } catch (WebDriverException detached) {
                if (String.valueOf(detached.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw detached;
            }
        });
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /**
     * Finished requests of the last day, so that the overview's chart has bars to show: reservations that were charged
     * or released. They move no money (only active reservations hold any), so the ledger is untouched.
     */
    private void pastRequests() {
        String key = jdbc.queryForObject(
                "SELECT id::text FROM api_keys WHERE parent_id IS NULL ORDER BY created_at DESC LIMIT 1", String.class);
        for (int hour = 0; hour < 24; hour++) {
            int requests = 2 + (hour * 7) % 11;
            for (int i = 0; i < requests; i++) {
                boolean failed = i % 6 == 5;
                jdbc.update(
                        "INSERT INTO reservations (id, key_id, billing_key_id, amount_msats, state, charged_msats,"
                                + " created_at, finished_at) VALUES (gen_random_uuid(), ?::uuid, ?::uuid, 1000, ?, ?,"
                                + " now() - make_interval(hours => ?), now() - make_interval(hours => ?))",
                        key,
                        key,
                        failed ? "RELEASED" : "CHARGED",
                        failed ? null : 800L,
                        23 - hour,
                        23 - hour);
            }
        }
    }

    /**
     * Requests billed under two models in the last hours, as the settle statement books them: each CHARGE with its
     * model and tokens, and a DEPOSIT of the same amount beside it, so that the key's balance and the ledger
     * invariant stay as they were.
     */
    private void billedRequests(String keyHash) {
        String key = jdbc.queryForObject("SELECT id::text FROM api_keys WHERE key_hash = ?", String.class, keyHash);
        for (int i = 0; i < 18; i++) {
            String model = i % 3 == 0 ? "browser/model-b" : "browser/model-a";
            long msats = 400 + 90L * (i % 5);
            jdbc.update(
                    "INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)"
                            + " VALUES (gen_random_uuid(), 'DEPOSIT', ?::uuid, ?, ?, now() - make_interval(hours => ?))",
                    key,
                    msats,
                    "browser-test-" + UUID.randomUUID(),
                    i % 6);
            jdbc.update(
                    "INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reservation_id, created_at,"
                            + " model, provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,"
                            + " reasoning_tokens) VALUES (gen_random_uuid(), 'CHARGE', ?::uuid, ?, gen_random_uuid(),"
                            + " now() - make_interval(hours => ?), ?, 'openai:browser.test', ?, ?, 0, 0, 0)",
                    key,
                    msats,
                    i % 6,
                    model,
                    120 + 10 * i,
                    30 + i);
        }
    }

    @Test
    void anOperatorLogsInAddsAProviderChangesAKeysLimitsAndWithdrawsOwnerFunds() throws Exception {
        // Without a session the dashboard sends the browser to its login page.
        open("/admin/keys");
        assertThat(browser.getCurrentUrl()).endsWith("/admin/login");
        screenshot("01-login");
        browser.findElement(By.id("password")).sendKeys("wrong password");
        clickAndWait(By.id("login"));
        assertThat(text(".error")).contains("Wrong password");
        browser.findElement(By.id("password")).sendKeys(AdminTestSupport.PASSWORD);
        clickAndWait(By.id("login"));

        assertThat(browser.getCurrentUrl()).endsWith("/admin");
        assertThat(text("h1")).isEqualTo("Overview");
        new AdminHttp(port).bearer("GET", "/v1/balance/info", wallet.issue(2_500), null);
        pastRequests();
        browser.navigate().refresh();
        assertThat(Long.parseLong(text("#requests"))).isPositive();
        assertThat(browser.findElements(By.cssSelector("svg rect.bar"))).hasSizeGreaterThanOrEqualTo(20);
        screenshot("02-overview");

        // Add a provider.
        open("/admin/providers");
        new Select(browser.findElement(By.id("providerType"))).selectByValue("openai");
        browser.findElement(By.id("baseUrl")).sendKeys("http://127.0.0.1:9/browser-test/v1");
        browser.findElement(By.id("apiKey")).sendKeys("sk-browser-test-secret");
        clickAndWait(By.id("add-provider-button"));
        assertThat(text(".notice")).isEqualTo("Provider added");
        assertThat(text("#providers"))
                .contains("http://127.0.0.1:9/browser-test/v1")
                .doesNotContain("sk-browser-test");
        assertThat(browser.getPageSource()).doesNotContain("sk-browser-test-secret");
        screenshot("03-providers");

        // Find a key by its hash prefix and change its limits.
        AdminHttp http = new AdminHttp(port);
        http.bearer("GET", "/v1/balance/info", wallet.issue(9_876), null);
        String hash = jdbc.queryForObject(
                "SELECT key_hash FROM api_keys WHERE balance_msats = 9876000 ORDER BY created_at DESC LIMIT 1",
                String.class);
        open("/admin/keys");
        browser.findElement(By.id("search")).sendKeys(hash.substring(0, 12));
        clickAndWait(By.id("search-button"));
        assertThat(browser.findElements(By.cssSelector("#keys tr"))).hasSize(2); // header and the one key
        screenshot("04-keys");
        clickAndWait(By.cssSelector("#keys a"));
        assertThat(text("#key-balance")).isEqualTo("9876000");
        browser.findElement(By.id("balanceLimit")).sendKeys("5000000");
        new Select(browser.findElement(By.id("balanceLimitReset"))).selectByValue("weekly");
        browser.findElement(By.id("requestsPerMinute")).sendKeys("12");
        browser.findElement(By.id("tokensPerMinute")).sendKeys("34000");
        browser.findElement(By.id("maxConcurrent")).sendKeys("3");
        clickAndWait(By.id("save-limits"));
        assertThat(text(".notice")).isEqualTo("Limits saved");
        assertThat(browser.findElement(By.id("requestsPerMinute")).getDomAttribute("value"))
                .isEqualTo("12");
        Map<String, Object> stored = jdbc.queryForMap(
                "SELECT k.balance_limit_msats, k.limit_reset_period, l.requests_per_minute, l.tokens_per_minute,"
                        + " l.max_concurrent FROM api_keys k JOIN key_rate_limits l ON l.key_id = k.id WHERE k.key_hash = ?",
                hash);
        assertThat(stored)
                .containsEntry("balance_limit_msats", 5_000_000L)
                .containsEntry("limit_reset_period", "WEEKLY")
                .containsEntry("requests_per_minute", 12)
                .containsEntry("tokens_per_minute", 34_000L)
                .containsEntry("max_concurrent", 3);
        screenshot("05-key-limits");

        open("/admin/transactions");
        assertThat(text("#ledger")).contains("DEPOSIT");
        screenshot("06-transactions");

        // Edit a setting at run time; an empty field gives the environment's value back.
        open("/admin/settings");
        assertThat(text("#settings")).contains("ROUTSTR_SECRET_KEY").doesNotContain("the test database's node secret");
        browser.findElement(By.id("DESCRIPTION")).clear();
        browser.findElement(By.id("DESCRIPTION")).sendKeys("Edited from the dashboard");
        clickAndWait(By.cssSelector("#edit-settings button"));
        assertThat(text(".notice")).isEqualTo("Settings saved");
        assertThat(browser.findElement(By.id("DESCRIPTION")).getDomAttribute("value"))
                .isEqualTo("Edited from the dashboard");
        assertThat(AdminHttp.json(new AdminHttp(port).bearer("GET", "/v1/info", null, null))
                        .get("description")
                        .asText())
                .isEqualTo("Edited from the dashboard");
        screenshot("07-settings");
        browser.findElement(By.id("DESCRIPTION")).clear();
        clickAndWait(By.cssSelector("#edit-settings button"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM admin_settings", Long.class))
                .isZero();

        // Usage per model, from charges booked with their model.
        billedRequests(hash);
        open("/admin/usage");
        assertThat(text("#models")).contains("browser/model-a").contains("browser/model-b");
        assertThat(browser.findElements(By.cssSelector("svg rect.bar"))).hasSizeGreaterThanOrEqualTo(2);
        screenshot("09-usage");

        // Withdraw owner funds: more than there are is refused, less is paid as a token.
        String mint = AdminTestSupport.mintHolding(jdbc, 3_000);
        open("/admin/withdrawal");
        new Select(browser.findElement(By.id("mintUrl"))).selectByValue(mint);
        browser.findElement(By.id("amount")).sendKeys("3001");
        clickAndWait(By.id("withdraw-button"));
        assertThat(text(".error")).contains("Refused");
        new Select(browser.findElement(By.id("mintUrl"))).selectByValue(mint);
        browser.findElement(By.id("amount")).sendKeys("1000");
        clickAndWait(By.id("withdraw-button"));
        assertThat(text(".notice")).isEqualTo("Withdrew 1000 sat");
        assertThat(text("#withdrawn-token")).startsWith("cashuB");
        screenshot("08-withdrawal");
    }
}
