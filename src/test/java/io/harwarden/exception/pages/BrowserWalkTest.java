package io.harwarden.exception.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.exception.ProcessedCases;
import io.harwarden.exception.ReleaseFixtures;
import io.harwarden.exception.Role;
import io.harwarden.exception.signin.PasswordHash;
import io.harwarden.exception.signin.UsersFile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The exception pages in a real browser (Debian's chromium through its chromedriver): a requester signs in, opens the
 * case link from the note, ticks two entries and files the request; another person approves; the requester downloads
 * the release, which decrypts with the requester's key to exactly those two entries, and cannot download it again. A
 * denial, the own request never offered for approval, and a justification holding a script shown as text. Every page
 * is saved as a screenshot under target/screenshots and checked with axe for serious accessibility violations.
 * Skipped, saying so, where no chromium is installed ({@code .ci/run} installs it).
 */
@QuarkusTest
class BrowserWalkTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path USERS = Path.of("target/test-data/users.properties");
    private static final Path SHOTS = Path.of("target/screenshots");
    private static final String PASSWORD = "browser walk password";

    @TestHTTPResource("/")
    URL base;

    private final List<WebDriver> drivers = new java.util.ArrayList<>();
    private Path downloads;

    @BeforeAll
    static void users() throws Exception {
        for (var user : Map.of("rhea", Set.of(Role.REQUESTER), "abel", Set.of(Role.APPROVER),
                "dora", Set.of(Role.APPROVER)).entrySet()) {
            UsersFile.put(USERS, new UsersFile.User(user.getKey(), PasswordHash.hash(PASSWORD.toCharArray()),
                    user.getValue()));
        }
    }

    @BeforeEach
    void browser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no chromium at /usr/bin/chromium with /usr/bin/chromedriver: the browser suite is skipped "
                        + "(apt-get install chromium chromium-driver; .ci/run does)");
        downloads = Files.createDirectories(Path.of("target/test-data/downloads-" + UUID.randomUUID()));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void close() {
        drivers.forEach(WebDriver::quit);
    }

    private WebDriver signIn(String user) {
        return signIn(user, "en-US");
    }

    private WebDriver signIn(String user, String language) {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=" + language);
        options.addArguments("--accept-lang=" + language);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("intl.accept_languages", language);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.get(url("/exceptions/mine"));
        assertTrue(driver.getCurrentUrl().endsWith("/login"), "a page sends to sign-in: " + driver.getCurrentUrl());
        check(driver, "login-" + language);
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/exceptions/mine"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not signed in: " + driver.getCurrentUrl() + " " + driver.getPageSource(), e);
        }
        return driver;
    }

    private String url(String path) {
        return base.toString().replaceFirst("/$", "") + path;
    }

    /** A screenshot of the page, and no serious or critical accessibility violation on it. */
    private static void check(WebDriver driver, String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Results results = new AxeBuilder().analyze(driver);
        List<String> serious = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(r -> r.getId() + ": " + r.getHelp()).toList();
        assertEquals(List.of(), serious, name + " has accessibility violations");
        assertFalse(driver.getTitle().isBlank(), name + " has a title");
    }

    private static String processedCase() throws Exception {
        return ProcessedCases.processed("WALK").getFileName().toString();
    }

    /** The path and query of the exception link in the case's note, as support follows it. */
    private static String noteLink(String caseId) throws Exception {
        String note = Files.readString(ProcessedCases.ROOT.resolve(caseId).resolve(".harwarden/notes.md"));
        Matcher m = Pattern.compile("https?://[^/\\s]+(/exceptions\\?case=[^\\s)>\\]]+)").matcher(note);
        assertTrue(m.find(), note);
        return m.group(1);
    }

    private String fileRequest(WebDriver driver, String caseId, String justification) throws Exception {
        driver.get(url(noteLink(caseId)));
        check(driver, "case-files");
        driver.findElement(By.linkText("Ask for part of the original")).click();
        check(driver, "new-request");
        driver.findElement(By.id("entry-1")).click();
        driver.findElement(By.id("entry-3")).click();
        driver.findElement(By.id("justification")).sendKeys(justification);
        driver.findElement(By.id("requesterKey")).sendKeys(Files.readString(
                ReleaseFixtures.resource("x25519-public.asc")));
        driver.findElement(By.id("send-request")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("created="));
        check(driver, "my-requests");
        return driver.getCurrentUrl().replaceFirst(".*created=", "");
    }

    @Test
    void requestApproveDownloadOnceDecryptsToExactlyTheTickedEntries() throws Exception {
        String caseId = processedCase();
        WebDriver rhea = signIn("rhea");
        String id = fileRequest(rhea, caseId, "Ticket 4711 <script>alert('x')</script>: the login call fails");

        WebDriver abel = signIn("abel");
        abel.get(url("/exceptions/approvals"));
        check(abel, "approvals");
        String shown = abel.findElement(By.cssSelector("#req-" + id + " ~ dl .justification")).getText();
        assertTrue(shown.contains("<script>alert('x')</script>"), "the script is text: " + shown);
        assertThrows(NoAlertPresentException.class, () -> abel.switchTo().alert());
        abel.findElement(By.id("approve-comment-" + id)).sendKeys("ok for ticket 4711");
        abel.findElement(By.id("approve-" + id)).click();
        new WebDriverWait(abel, Duration.ofSeconds(10)).until(d -> d.findElements(By.id("approve-" + id)).isEmpty());

        rhea.get(url("/exceptions/mine"));
        rhea.findElement(By.id("download-" + id)).click();
        Path release = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> downloaded(id), p -> p != null);
        byte[] har = ReleaseFixtures.openAsRequester(Files.readAllBytes(release));
        JsonNode entries = new ObjectMapper().readTree(har).path("log").path("entries");
        assertEquals(2, entries.size(), "exactly the two ticked entries");

        rhea.get(url("/exceptions/mine"));
        check(rhea, "my-requests-released");
        assertTrue(rhea.findElements(By.id("download-" + id)).isEmpty(), "no second download is offered");

        rhea.get(url("/exceptions/audit"));
        assertTrue(rhea.getPageSource().contains("only auditors, approvers and admins"), "a requester reads no audit");
        abel.get(url("/exceptions/audit"));
        check(abel, "audit");
        assertTrue(abel.getPageSource().contains("The chain is intact"), abel.getPageSource());
    }

    @Test
    void aDenialNeedsACommentAndNobodyIsOfferedTheirOwnRequest() throws Exception {
        String caseId = processedCase();
        WebDriver dora = signIn("dora");
        WebDriver rhea = signIn("rhea");
        String id = fileRequest(rhea, caseId, "Ticket 4712: the upload stalls at 99 percent for this customer");
        rhea.get(url("/exceptions/approvals"));
        assertTrue(rhea.findElements(By.id("approve-" + id)).isEmpty(), "one's own request is not offered");

        dora.get(url("/exceptions/approvals"));
        dora.findElement(By.id("deny-comment-" + id)).sendKeys("no: ask the customer for a new capture");
        dora.findElement(By.id("deny-" + id)).click();
        new WebDriverWait(dora, Duration.ofSeconds(10)).until(d -> d.findElements(By.id("deny-" + id)).isEmpty());
        rhea.get(url("/exceptions/mine"));
        check(rhea, "my-requests-denied");
        assertTrue(rhea.getPageSource().contains("denied"), rhea.getPageSource());
        assertTrue(rhea.findElements(By.id("download-" + id)).isEmpty());

        WebDriver japanese = signIn("dora", "ja");
        japanese.get(url("/exceptions/approvals"));
        check(japanese, "approvals-ja");
        assertEquals("ja", japanese.findElement(By.tagName("html")).getAttribute("lang"));
        assertTrue(japanese.getTitle().contains("承認待ち"), japanese.getTitle());
    }

    private Path downloaded(String id) throws java.io.IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(p -> p.getFileName().toString().equals("release-" + id + ".har.pgp")).findFirst()
                    .orElse(null);
        }
    }
}
