package io.dataflow.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.dashboard.ActionLog;
import io.dataflow.dashboard.DashboardOptions;
import io.dataflow.dashboard.DashboardServer;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium through /usr/bin/chromedriver) on a database
 * with the demo's data and some activity: every page, charts, navigation, the database switcher,
 * escaping, actions with and without --allow-actions and the CSRF token, and the bind check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String SCRIPT_ALIAS = "<script>alert(1)</script>";
    /** The demo's query its indexes do not serve: the advisor advises an index for it. */
    static final String UNSERVED = "SELECT * FROM order_items WHERE price > ? AND quantity = ?";
    static final List<String> PAGES = List.of("/overview", "/queries", "/indexes", "/space", "/maintenance", "/partitions", "/views", "/cache",
            "/connections", "/locks", "/tuning", "/alerts", "/scheduler");
    static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots");
    static final Path DOCS = Path.of("../docs/img/dashboard");
    static final List<String> DOCUMENTED = List.of("overview", "queries", "statement", "indexes", "space", "maintenance", "connections", "locks");

    TestDatabase demoDb;
    TestDatabase otherDb;
    DataFlow demo;
    DataFlow other;
    DashboardServer readOnly;
    DashboardServer actions;
    ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(new File(CHROMEDRIVER).canExecute(), "skipped: " + CHROMEDRIVER
                + " is absent (apt-get install chromium chromium-driver; .ci/services.sh start_chromium does it)");
        TestServers.Server server = TestServers.embedded();
        demoDb = server.freshDatabase();
        otherDb = server.freshDatabase();
        demo = DataFlow.configure().url(demoDb.url()).cache(Map.of("backend", "memory")).open();
        other = DataFlow.open(otherDb.url());
        for (DataFlow d : List.of(demo, other)) d.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        GuideDemo.run(demo, DemoScale.SMALL, true, new GuideDemo.Listener() {
            @Override
            public void step(String title) {
            }

            @Override
            public void rows(String table, long done, long total) {
            }
        });
        Map<String, DataFlow> both = new LinkedHashMap<>();
        both.put(demoDb.name(), demo);
        both.put(otherDb.name(), other);
        DashboardOptions fast = DashboardOptions.defaults().port(0).collectEvery(Duration.ofMillis(500));
        readOnly = DashboardServer.start(both, fast);
        actions = DashboardServer.start(Map.of(demoDb.name(), demo), fast.allowActions(true));
        // activity between collections, so the stored history has several points per statement
        for (int round = 0; round < 6; round++) {
            activity();
            readOnly.database(demoDb.name()).collect();
            Thread.sleep(1100);
        }
        browser = chrome();
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(DOCS);
    }

    private void activity() throws SQLException {
        try (Connection c = demoDb.connect(); Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement(UNSERVED)) {
            st.execute("SELECT count(*) AS \"" + SCRIPT_ALIAS + "\" FROM users");
            for (int i = 0; i < 15; i++) {
                ps.setBigDecimal(1, new java.math.BigDecimal(400 + i));
                ps.setInt(2, 1 + i % 5);
                ps.executeQuery().close();
            }
        }
    }

    static ChromeDriver chrome() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        if (new File("/usr/bin/chromium").canExecute()) options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1300,1000",
                "--user-data-dir=" + Files.createTempDirectory("dataflow-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (readOnly != null) readOnly.close();
        if (actions != null) actions.close();
        if (demo != null) demo.close();
        if (other != null) other.close();
        if (demoDb != null) demoDb.close();
        if (otherDb != null) otherDb.close();
    }

    private String url(DashboardServer server, String path, String db) {
        return server.url() + path.substring(1) + "?db=" + db;
    }

    private void open(DashboardServer server, String path, String db) {
        browser.get(url(server, path, db));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private List<LogEntry> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private void screenshot(String name) throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        if (DOCUMENTED.contains(name)) Files.write(DOCS.resolve(name + ".png"), png);
    }

    @Test
    @Order(1)
    void everyPageLoadsWithNoConsoleErrorAndNoUnreadableSource() throws Exception {
        consoleErrors();
        for (String page : PAGES) {
            open(readOnly, page, demoDb.name());
            assertThat(browser.getTitle()).as(page).contains("DataFlow");
            assertThat(browser.findElement(By.cssSelector("nav a.current")).getText()).as(page).isNotBlank();
            assertThat(consoleErrors()).as("console errors on " + page).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).getText()).as(page).doesNotContain("could not be read");
            screenshot(page.substring(1));
        }
    }

    @Test
    @Order(2)
    void chartsDrawWithDataPoints() throws Exception {
        open(readOnly, "/overview", demoDb.name());
        List<WebElement> sparks = browser.findElements(By.cssSelector(".spark[data-points]"));
        assertThat(sparks).isNotEmpty();
        assertThat(sparks).allSatisfy(s -> assertThat(Integer.parseInt(s.getDomAttribute("data-points"))).isGreaterThan(1));
        assertThat(browser.findElements(By.cssSelector(".spark canvas"))).hasSameSizeAs(sparks);
        // htmx's in-place refresh of the checks and sparklines (what "every 15s" triggers) redraws the charts
        JavascriptExecutor js = browser;
        js.executeScript("document.getElementById('overview-live').dataset.old = 'yes';"
                + "htmx.ajax('GET', location.href, {target: '#overview-live', swap: 'outerHTML', select: '#overview-live'})");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> ((JavascriptExecutor) d).executeScript(
                "var e = document.getElementById('overview-live'); return e && !e.dataset.old"
                        + " && e.querySelectorAll('.spark canvas').length === e.querySelectorAll('.spark[data-points]').length"
                        + " && e.querySelectorAll('.spark[data-points]').length > 0").equals(Boolean.TRUE));
        assertThat(browser.findElements(By.cssSelector("nav"))).hasSize(1);
        assertThat(consoleErrors()).isEmpty();
        open(readOnly, "/queries", demoDb.name());
        WebElement details = browser.findElements(By.linkText("details")).get(0);
        details.click();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("/statement"));
        List<WebElement> charts = browser.findElements(By.cssSelector(".chart[data-points]"));
        assertThat(charts).hasSize(2);
        assertThat(Integer.parseInt(charts.get(0).getDomAttribute("data-points"))).isGreaterThan(1);
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(2);
        assertThat(consoleErrors()).isEmpty();
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("could not be read");
        screenshot("statement");
    }

    @Test
    @Order(3)
    void navigationAndDatabaseSwitcherWork() {
        open(readOnly, "/overview", demoDb.name());
        browser.findElement(By.linkText("Locks")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/locks"));
        assertThat(browser.findElement(By.cssSelector("nav a.current")).getText()).isEqualTo("Locks");
        new Select(browser.findElement(By.id("db-switcher"))).selectByValue(otherDb.name());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("db=" + otherDb.name()));
        assertThat(browser.getCurrentUrl()).contains("/locks");
        assertThat(new Select(browser.findElement(By.id("db-switcher"))).getFirstSelectedOption().getText()).isEqualTo(otherDb.name());
        assertThat(browser.getTitle()).contains(otherDb.name());
        browser.findElement(By.linkText("Maintenance")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/maintenance"));
        assertThat(browser.getCurrentUrl()).contains("db=" + otherDb.name());
    }

    @Test
    @Order(4)
    void aQueryHoldingScriptIsShownAsText() {
        open(readOnly, "/queries", demoDb.name());
        String main = browser.findElement(By.tagName("main")).getText();
        assertThat(main).contains(SCRIPT_ALIAS);
        Object scripts = ((JavascriptExecutor) browser).executeScript("return document.querySelectorAll('main script').length");
        assertThat(((Number) scripts).intValue()).isZero();
        assertThat(browser.getPageSource()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // the dashboard's own statements and sessions are left out of what it shows
        assertThat(main).doesNotContain("set_config").doesNotContain("pg_statio");
        open(readOnly, "/connections", demoDb.name());
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("dataflow-dashboard");
    }

    @Test
    @Order(5)
    void readOnlyDashboardOffersNoActionAndRefusesThem() throws Exception {
        open(readOnly, "/connections", demoDb.name());
        assertThat(browser.findElements(By.cssSelector("form.action"))).isEmpty();
        HttpResponse<String> r = post(readOnly, "/action/cancel", "pid=1&csrf=whatever");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Actions are off");
    }

    @Test
    @Order(6)
    void anActionWithoutTheCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> r = post(actions, "/action/cancel", "pid=1");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CSRF");
        HttpResponse<String> wrong = post(actions, "/action/cancel", "pid=1&csrf=forged");
        assertThat(wrong.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> post(DashboardServer server, String path, String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(server, path, demoDb.name())))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(7)
    void anAdvisedIndexIsCreatedWithAllowActions() throws Exception {
        open(actions, "/indexes", demoDb.name());
        screenshot("indexes-actions");
        List<WebElement> create = browser.findElements(By.cssSelector("button.action-create-index"));
        assertThat(create).as(browser.findElement(By.tagName("main")).getText()).isNotEmpty();
        String before = demoDb.value("SELECT count(*) FROM pg_indexes WHERE tablename = 'order_items'");
        create.get(0).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> !d.findElements(By.id("action-result")).isEmpty());
        assertThat(browser.findElement(By.id("action-result")).getDomAttribute("class")).as(browser.findElement(By.id("action-result")).getText()).isEqualTo("ok");
        assertThat(browser.findElement(By.id("action-result")).getText()).contains("CREATE INDEX CONCURRENTLY");
        assertThat(Long.parseLong(demoDb.value("SELECT count(*) FROM pg_indexes WHERE tablename = 'order_items'"))).isGreaterThan(Long.parseLong(before));
        assertThat(demoDb.value("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid")).isEqualTo("0");
        List<ActionLog.Entry> log = actions.actions(demoDb.name(), 5);
        assertThat(log.get(0).action()).isEqualTo("create-index");
        assertThat(log.get(0).ok()).isTrue();
        assertThat(log.get(0).who()).startsWith("local");
    }

    @Test
    @Order(8)
    void aSleepingBackendIsCancelledWithAllowActions() throws Exception {
        Connection sleeper = demoDb.connect();
        int pid;
        try (Statement st = sleeper.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        CompletableFuture<String> sleeping = CompletableFuture.supplyAsync(() -> {
            try (Statement st = sleeper.createStatement()) {
                st.execute("SELECT pg_sleep(600)");
                return "finished";
            } catch (SQLException e) {
                return e.getMessage();
            }
        });
        try {
            open(actions, "/connections", demoDb.name());
            By button = By.xpath("//tr[td[1][normalize-space()='" + pid + "']]//button[contains(@class,'action-cancel')]");
            for (int i = 0; i < 20 && browser.findElements(button).isEmpty(); i++) {
                Thread.sleep(250);
                open(actions, "/connections", demoDb.name());
            }
            screenshot("connections-actions");
            browser.findElement(button).click();
            browser.switchTo().alert().accept();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("action-result")).isEmpty());
            assertThat(browser.findElement(By.id("action-result")).getText()).contains("pg_cancel_backend sent to backend " + pid);
            assertThat(sleeping.get(60, TimeUnit.SECONDS)).contains("canceling statement due to user request");
        } finally {
            sleeper.close();
        }
        assertThat(actions.actions(demoDb.name(), 1).get(0).action()).isEqualTo("cancel");
    }

    @Test
    @Order(9)
    void theLocksPageDrawsTheWaitGraphWithTheRootBlockerFirst() throws Exception {
        Connection holder = demoDb.connect();
        Connection waiter = demoDb.connect();
        int holderPid;
        int waiterPid;
        try (Statement st = holder.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            holderPid = rs.getInt(1);
        }
        try (Statement st = waiter.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            waiterPid = rs.getInt(1);
        }
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.execute("UPDATE products SET name = name WHERE id = 1");
        }
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try (Statement st = waiter.createStatement()) {
                st.execute("UPDATE products SET name = name WHERE id = 1");
            } catch (SQLException e) {
                // ended by the rollback below or the close
            }
        });
        try {
            By graph = By.id("wait-graph");
            for (int i = 0; i < 40 && browser.findElements(graph).isEmpty(); i++) {
                Thread.sleep(250);
                open(readOnly, "/locks", demoDb.name());
            }
            List<WebElement> nodes = browser.findElement(graph).findElements(By.cssSelector(".node"));
            assertThat(nodes.get(0).getText()).startsWith("● blocker " + holderPid);
            assertThat(nodes.get(1).getText()).contains("waits: " + waiterPid);
            assertThat(consoleErrors()).isEmpty();
            screenshot("locks");
        } finally {
            holder.rollback();
            blocked.get(60, TimeUnit.SECONDS);
            holder.close();
            waiter.close();
        }
    }

    @Test
    @Order(10)
    void aNonLoopbackBindWithoutCredentialsRefusesToStart() throws Exception {
        DashboardOptions open = DashboardOptions.defaults().bind("0.0.0.0:0");
        assertThatThrownBy(() -> DashboardServer.start(other, open)).isInstanceOf(DataFlowException.class)
                .hasMessageContaining("without credentials");
        io.dataflow.it.Cli.Run cli = io.dataflow.it.Cli.run("dashboard", "--url", otherDb.url(), "--bind", "0.0.0.0:0");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("refusing to serve the dashboard on 0.0.0.0 without credentials");
        try (DashboardServer guarded = DashboardServer.start(other, open.token("s3cret-token"))) {
            String base = "http://127.0.0.1:" + guarded.port() + "/overview";
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", "Bearer s3cret-token").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
