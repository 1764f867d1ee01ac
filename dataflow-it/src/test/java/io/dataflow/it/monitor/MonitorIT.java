package io.dataflow.it.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlow;
import io.dataflow.it.Cli;
import io.dataflow.it.MutableClock;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.monitor.AlertEvent;
import io.dataflow.monitor.AlertRule;
import io.dataflow.monitor.DatabasePerformanceMonitor;
import io.dataflow.monitor.MetricCatalog;
import io.dataflow.monitor.MonitorConfig;
import io.dataflow.monitor.MonitorReport;
import io.dataflow.monitor.PrometheusEndpoint;
import io.dataflow.plan.IndexIssue;
import io.dataflow.schedule.Job;
import io.dataflow.workflow.Results;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The monitor's collection, rules, actions and faces on a real server, without pg_stat_statements where it is not installed. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class MonitorIT extends ServerTest {

    MonitorIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void anIndexNeverUsedIsReportedUnusedAndAUsedOneIsNot() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b int NOT NULL)");
        db.execute("INSERT INTO t SELECT g, g % 500, g % 300 FROM generate_series(1, 5000) g");
        db.execute("CREATE INDEX t_a_used ON t (a); CREATE INDEX t_b_unused ON t (b); ANALYZE t");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            for (int i = 0; i < 5; i++) st.executeQuery("SELECT * FROM t WHERE a = " + i).close();
        } // the session's statistics are flushed as it ends
        await("SELECT idx_scan > 0 FROM pg_stat_user_indexes WHERE indexrelname = 't_a_used'");
        try (DataFlow flow = db.open()) {
            MonitorReport r = flow.monitor().collect();
            assertThat(r.indexUsage().unusedIndexes()).extracting(IndexIssue::index).contains("t_b_unused").doesNotContain("t_a_used", "t_pkey");
            IndexIssue unused = r.indexUsage().unusedIndexes().stream().filter(i -> i.index().equals("t_b_unused")).findFirst().orElseThrow();
            assertThat(unused.sql()).isEqualTo("DROP INDEX CONCURRENTLY \"t_b_unused\"");
            assertThat(r.indexUsage().indexScanRatio()).anySatisfy(s -> {
                assertThat(s.table()).isEqualTo("t");
                assertThat(s.idxScans()).isPositive();
            });
            assertThat(MonitorTextOf(r)).contains("t_b_unused");
        }
    }

    @Test
    void withoutPgStatStatementsTheQueryMetricsSayHowToEnableItAndTheRestIsCollected() {
        db.execute("DROP EXTENSION IF EXISTS pg_stat_statements");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g");
        try (DataFlow flow = db.open()) {
            MonitorReport r = flow.monitor().collect();
            MonitorReport.QueryPerformance q = r.queryPerformance();
            assertThat(q.available()).isFalse();
            assertThat(q.note()).contains("CREATE EXTENSION pg_stat_statements");
            boolean preloaded = db.value("SELECT current_setting('shared_preload_libraries')").contains("pg_stat_statements");
            if (!preloaded) assertThat(q.note()).contains("shared_preload_libraries = 'pg_stat_statements'").contains("restart");
            assertThat(r.notes()).containsExactly(q.note());
            assertThat(r.tableStatistics().tables()).extracting(MonitorReport.TableStat::table).contains("t");
            assertThat(r.lockStatistics().lockWaits()).isZero();
            assertThat(r.lockStatistics().longestTransactionS()).isNotNull();
            assertThat(r.healthChecks()).extracting(MonitorReport.HealthCheck::name).contains("cache_hit_rate", "connection_usage",
                    "transaction_id_wraparound", "sequences_near_overflow", "invalid_indexes", "invalid_constraints", "duplicate_indexes");
            assertThat(r.indexUsage().indexBloat()).isNotNull();
            Cli.Run cli = Cli.run("monitor", "--url", db.url());
            assertThat(cli.exit()).as(cli.err()).isZero();
            assertThat(cli.out()).contains("CREATE EXTENSION pg_stat_statements").contains("Health checks").contains("Alerts: none open");
        }
    }

    @Test
    void aThresholdRuleOnAnyMetricFiresOnceAndResolves() throws Exception {
        db.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent_id int)");
        List<AlertEvent> events = new CopyOnWriteArrayList<>();
        try (DataFlow flow = db.open()) {
            MonitorConfig config = MonitorConfig.guide().withAlerts(List.of(AlertRule.on("invalid_constraints", MetricCatalog.INVALID_CONSTRAINTS, "> 0"),
                    AlertRule.on("too_many_connections", MetricCatalog.CONNECTION_USAGE, ">= 0.99")));
            DatabasePerformanceMonitor monitor = flow.monitor().configure(config).addSink(events::add);
            assertThat(monitor.collect().events()).isEmpty();
            db.execute("ALTER TABLE child ADD CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID");
            MonitorReport fired = monitor.collect();
            assertThat(fired.events()).extracting(AlertEvent::event).containsExactly(AlertEvent.FIRED);
            assertThat(fired.healthChecks()).anySatisfy(h -> {
                assertThat(h.name()).isEqualTo("invalid_constraints");
                assertThat(h.message()).contains("child_parent").contains("VALIDATE CONSTRAINT");
            });
            assertThat(monitor.collect().events()).as("still breached: no second alert").isEmpty();
            assertThat(monitor.openAlerts()).extracting(a -> a.cause()).containsExactly("invalid_constraints");
            db.execute("ALTER TABLE child VALIDATE CONSTRAINT child_parent");
            MonitorReport resolved = monitor.collect();
            assertThat(resolved.events()).extracting(AlertEvent::event).containsExactly(AlertEvent.RESOLVED);
            assertThat(resolved.events().get(0).alert().resolvedMessage()).contains("back to 0.0");
            assertThat(events).extracting(AlertEvent::event).containsExactly(AlertEvent.FIRED, AlertEvent.RESOLVED);
            assertThat(db.value("SELECT count(*) FROM dataflow.monitor_alerts")).isEqualTo("1");
        }
    }

    @Test
    void indexBloatOverThreeTimesOptimalSchedulesAConcurrentReindexInTheMaintenanceWindow() {
        db.execute("CREATE TABLE b (id int NOT NULL, v int NOT NULL)");
        db.execute("INSERT INTO b SELECT g, g FROM generate_series(1, 200000) g");
        db.execute("CREATE INDEX b_v ON b (v)");
        db.execute("DELETE FROM b WHERE id % 10 <> 0");
        db.execute("VACUUM b");
        db.execute("ANALYZE b");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 30).clock(clock).open()) {
            DatabasePerformanceMonitor monitor = flow.monitor(); // the guide's config: index_bloat 3x optimal -> schedule_reindex
            MonitorReport r = monitor.collect();
            AlertEvent fired = r.events().stream().filter(e -> e.alert().rule().equals("index_bloat")).findFirst()
                    .orElseThrow(() -> new AssertionError("no index_bloat alert: " + r.indexUsage().indexBloat()));
            assertThat(fired.alert().subject()).isEqualTo("public.b_v");
            assertThat(fired.alert().value()).isGreaterThan(3.0);
            assertThat(fired.alert().actionResult()).contains("REINDEX INDEX CONCURRENTLY public.b_v").contains("02:00-05:00");
            Job job = flow.scheduler().job("reindex.public.b_v").orElseThrow();
            assertThat(job.nodeType()).isEqualTo("BloatMonitorNode");
            assertThat(job.nextRun()).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
            long before = Long.parseLong(db.value("SELECT pg_relation_size('b_v')"));
            flow.scheduler().runNow(job.name()); // what the scheduler does when the window opens
            long after = Long.parseLong(db.value("SELECT pg_relation_size('b_v')"));
            assertThat(after).isLessThan(before / 3);
            assertThat(monitor.collect().events()).as("measured again only after slow_metrics_interval").isEmpty();
            clock.advance(Duration.ofMinutes(6));
            MonitorReport again = monitor.collect();
            assertThat(again.events()).extracting(AlertEvent::event).containsExactly(AlertEvent.RESOLVED);
        }
    }

    @Test
    void thePrometheusEndpointParsesAsPrometheusTextAndCarriesTheDocumentedNames() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g");
        db.value("SELECT count(*) FROM t WHERE id = 5");
        await("SELECT n_live_tup = 100 AND idx_scan > 0 FROM pg_stat_user_tables WHERE relname = 't'");
        try (DataFlow flow = db.open()) {
            DatabasePerformanceMonitor monitor = flow.monitor();
            PrometheusEndpoint endpoint = monitor.serve(new InetSocketAddress("127.0.0.1", 0));
            monitor.collect();
            assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusEndpoint.CONTENT_TYPE);
            String body = response.body();

            CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
            new TextPrometheusMetricsProcessor(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), walker).walk();
            Set<String> families = new HashSet<>();
            for (MetricFamily f : walker.getAllMetricFamilies()) {
                assertThat(f.getMetrics()).as(f.getName()).isNotEmpty();
                families.add(f.getName());
            }
            // every sample line belongs to a family the parser read (summaries add _count and _sum lines)
            for (String line : body.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
                String name = line.split("[{ ]", 2)[0];
                assertThat(families.contains(name) || families.contains(name.replaceFirst("_(count|sum|bucket)$", ""))).as(line).isTrue();
            }
            assertThat(families).contains("dataflow_connection_usage", "dataflow_transaction_id_wraparound",
                    "dataflow_unused_indexes", "dataflow_invalid_indexes", "dataflow_invalid_constraints", "dataflow_index_scan_ratio",
                    "dataflow_table_live_rows", "dataflow_table_dead_rows", "dataflow_dead_tuple_ratio", "dataflow_lock_waits",
                    "dataflow_longest_transaction_seconds", "dataflow_idle_in_transaction_seconds", "dataflow_deadlocks_total_count",
                    "dataflow_alerts_open", "dataflow_monitor_collections_total");
            for (String f : families) {
                if (f.startsWith("dataflow_") && !f.startsWith("dataflow_monitor_") && !f.startsWith("dataflow_alerts_") && !f.startsWith("dataflow_cache_")) {
                    assertThat(MetricCatalog.all().values().stream().map(MetricCatalog.Metric::prometheusName)).as("documented").contains(f);
                }
            }
            assertThat(body).contains("dataflow_table_live_rows{database=\"" + db.name() + "\",table=\"t\"} 100.0");
            String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "monitoring.md"));
            for (MetricCatalog.Metric m : MetricCatalog.all().values()) assertThat(doc).as("docs/monitoring.md").contains(m.prometheusName());
        }
    }

    @Test
    void theQueryCachesStatsAreOnTheSameScrape() {
        db.execute("CREATE TABLE products (id int PRIMARY KEY, price numeric); INSERT INTO products VALUES (1, 10)");
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 2, 10).cache(Map.of("backend", "memory")).open()) {
            flow.cache().rules(io.dataflow.cache.CacheRule.parseAll(List.of(Map.of("pattern", "SELECT.*FROM products.*", "ttl", 60)), "test"));
            String scrape0 = flow.monitor().prometheusRegistry().scrape();
            assertThat(scrape0).contains("dataflow_cache_hits_total{backend=\"memory\",rule=\"SELECT.*FROM products.*\"} 0.0")
                    .contains("dataflow_cache_available{backend=\"memory\"} 1.0");
            flow.query("SELECT price FROM products WHERE id = 1");
            flow.query("SELECT price FROM products WHERE id = 1");
            String scrape = flow.monitor().prometheusRegistry().scrape();
            assertThat(scrape).contains("dataflow_cache_hits_total{backend=\"memory\",rule=\"SELECT.*FROM products.*\"} 1.0")
                    .contains("dataflow_cache_misses_total{backend=\"memory\",rule=\"SELECT.*FROM products.*\"} 1.0")
                    .contains("dataflow_cache_stores_total{backend=\"memory\",rule=\"SELECT.*FROM products.*\"} 1.0");
            // a rule set after the registry was bound gets its meters too (the entry stored under the old rule still answers)
            flow.cache().rules(io.dataflow.cache.CacheRule.parseAll(List.of(Map.of("pattern", "SELECT price.*", "ttl", 60)), "test"));
            flow.query("SELECT price FROM products WHERE id = 1");
            flow.query("SELECT price FROM products WHERE id = 2");
            assertThat(flow.monitor().prometheusRegistry().scrape())
                    .contains("dataflow_cache_hits_total{backend=\"memory\",rule=\"SELECT price.*\"} 1.0")
                    .contains("dataflow_cache_misses_total{backend=\"memory\",rule=\"SELECT price.*\"} 1.0");
        }
    }

    @Test
    void theNodeReadsTheGuidesConfigAndTheCliPrintsJsonAndServes() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g");
        try (DataFlow flow = db.open()) {
            Results results = flow.runtime().execute(flow.workflow().addNode("DatabasePerformanceMonitor", "comprehensive_monitoring", Map.of(
                    "metrics", Map.of(
                            "query_performance", Map.of("slow_query_log", true, "threshold_ms", 100, "explain_slow_queries", true),
                            "index_usage", Map.of("unused_indexes", true, "index_scan_ratio", true, "index_bloat", true),
                            "table_statistics", Map.of("row_estimates", true, "dead_tuples", true, "last_vacuum", true),
                            "lock_statistics", Map.of("lock_waits", true, "deadlock_count", true, "longest_transaction", true)),
                    "alerts", Map.of(
                            "slow_query_spike", Map.of("threshold", "5x baseline", "window", "5m"),
                            "index_bloat", Map.of("threshold", "3x optimal", "action", "schedule_reindex")))).build());
            assertThat(results.node("comprehensive_monitoring").ok()).as(results.node("comprehensive_monitoring").error()).isTrue();
            Map<String, Object> out = results.node("comprehensive_monitoring").output();
            assertThat(out).containsKeys("query_performance", "index_usage", "table_statistics", "lock_statistics", "health_checks", "open_alerts");

            Results scheduled = flow.runtime().execute(flow.workflow().addNode("DatabasePerformanceMonitor", "minutely",
                    Map.of("schedule", "* * * * *", "metrics", Map.of("table_statistics", Map.of("dead_tuples", true)))).build());
            assertThat(scheduled.node("minutely").output()).containsEntry("scheduled", true);
            assertThat(flow.scheduler().runNow("minutely").status()).isEqualTo("ok");
            assertThat(db.value("SELECT count(*) FROM dataflow.monitor_samples WHERE metric = 'connection_usage'")).isEqualTo("2");

            Throwable bad = org.assertj.core.api.Assertions.catchThrowable(() -> flow.workflow().addNode("DatabasePerformanceMonitor", "m",
                    Map.of("alerts", Map.of("index_bloat", Map.of("threshold", "3x optimal", "action", "reindex_now")))).build());
            assertThat(bad).hasMessageContaining("action").hasMessageContaining("schedule_reindex");
            Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(() -> flow.workflow().addNode("DatabasePerformanceMonitor", "m",
                    Map.of("alerts", Map.of("cache_hit", Map.of("threshold", "< 0.99")))).build());
            assertThat(unknown).hasMessageContaining("cache_hit_rate");
        }
        Cli.Run json = Cli.run("monitor", "--url", db.url(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("database").asText()).isEqualTo(db.name());
        assertThat(report.has("health_checks")).isTrue();

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var serving = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run("monitor", "--url", db.url(), "--serve",
                "127.0.0.1:" + port, "--interval", "1", "--collections", "3"));
        String scraped = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (scraped == null && !serving.isDone() && System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("dataflow_connection_usage")) scraped = r.body();
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (scraped == null) Thread.sleep(100);
        }
        Cli.Run served = serving.get();
        assertThat(served.exit()).as(served.err()).isZero();
        assertThat(served.out()).contains("serving http://127.0.0.1:" + port + "/metrics").contains("collected in");
        assertThat(scraped).as("scraped while serving").contains("dataflow_alerts_open");
    }

    @Test
    void theFirstScrapeAlreadyCarriesTheMetrics() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g");
        try (DataFlow flow = db.open()) {
            // serve() with nothing collected yet: it collects before listening
            PrometheusEndpoint endpoint = flow.monitor().serve(new InetSocketAddress("127.0.0.1", 0));
            HttpResponse<String> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertHoldsDataflowSamples(first.body());
        }

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // two collections 5 s apart: the endpoint lives that long, while the first answer is taken as soon as it listens
        var serving = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run("monitor", "--url", db.url(), "--serve",
                "127.0.0.1:" + port, "--interval", "5", "--collections", "2"));
        HttpResponse<String> first = null;
        while (first == null && !serving.isDone()) {
            try {
                first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notListeningYet) {
                Thread.sleep(20);
            }
        }
        Cli.Run served = serving.get();
        assertThat(served.exit()).as(served.err()).isZero();
        assertThat(first).as("an answer while the CLI served: " + served.out()).isNotNull();
        assertThat(first.statusCode()).isEqualTo(200);
        assertHoldsDataflowSamples(first.body());
    }

    /** The body parses as Prometheus text and has samples of DataFlow's metrics. */
    private static void assertHoldsDataflowSamples(String body) throws Exception {
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), walker).walk();
        List<MetricFamily> dataflow = walker.getAllMetricFamilies().stream().filter(f -> f.getName().startsWith("dataflow_")).toList();
        assertThat(dataflow).as("dataflow_ families in the first scrape:%n%s", body).isNotEmpty();
        assertThat(dataflow.stream().mapToInt(f -> f.getMetrics().size()).sum()).as("dataflow_ samples").isPositive();
        assertThat(dataflow).extracting(MetricFamily::getName).contains("dataflow_connection_usage", "dataflow_table_live_rows");
    }

    /** Statistics reach the views shortly after a session ends: waits until {@code sql} says true. */
    private void await(String sql) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                st.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = st.executeQuery(sql)) {
                    if (rs.next() && rs.getBoolean(1)) return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("statistics never showed: " + sql);
    }

    private static String MonitorTextOf(MonitorReport r) {
        return io.dataflow.monitor.MonitorText.render(r);
    }
}
