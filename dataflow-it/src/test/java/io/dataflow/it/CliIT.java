package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI face: same core, same results, exit codes that scripts can trust. */
class CliIT {

    TestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = TestServers.embedded().freshDatabase();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void schemaPrintsThePlanAppliesItAndThenHasNothingToDo() throws Exception {
        Cli.Run plan = Cli.run("schema", "../examples/guide-models.yaml", "--url", db.url());
        assertThat(plan.exit()).isZero();
        assertThat(plan.out()).contains("CREATE TABLE \"orders\"").contains("INCLUDE (\"user_id\", \"total\")");
        assertThat(db.catalogFingerprint()).isEmpty();

        Cli.Run apply = Cli.run("schema", "../examples/guide-models.yaml", "--url", db.url(), "--apply", "--json");
        assertThat(apply.exit()).isZero();
        JsonNode report = new ObjectMapper().readTree(apply.out());
        assertThat(report.get("applied").size()).isEqualTo(25);
        assertThat(report.get("applied").get(0).get("sql").asText()).startsWith("CREATE TABLE \"users\"");
        assertThat(report.get("drift").size()).isZero();

        Cli.Run again = Cli.run("schema", "../examples/guide-models.yaml", "--url", db.url(), "--apply");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Schema is up to date: nothing to do.");
    }

    @Test
    void statusReportsTheServer() throws Exception {
        Cli.Run status = Cli.run("status", "--url", db.url(), "--json");
        assertThat(status.exit()).isZero();
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertThat(json.get("dialect").asText()).isEqualTo("postgresql");
        assertThat(json.get("server_version").asText()).startsWith("17");
        assertThat(json.get("extensions").get("pg_stat_statements").asText()).isIn("available", "installed 1.11");
        assertThat(json.get("extensions").get("hypopg").asText()).isEqualTo("missing");
        assertThat(json.get("pool").get("maximum").asInt()).isEqualTo(10);
    }

    @Test
    void aBadModelsFileFailsBeforeConnectingAndNamesTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "models:\n  - name: Order\n    fields: {id: int, status: str}\n"
                + "    dataflow:\n      indexes:\n        - {fields: [status], where: \"status = 'x'; DROP TABLE users\", name: idx_bad}\n");
        Cli.Run run = Cli.run("schema", file.toString(), "--url", "postgresql://nobody@127.0.0.1:1/none", "--apply");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("model Order, index idx_bad").contains("where").contains("';' is not accepted")
                .doesNotContain("cannot connect");
    }

    @Test
    void demoSmallSyncsGeneratesDataAndRunsTheWorkflow() {
        Cli.Run demo = Cli.run("demo", "--scale", "small", "--url", db.url());
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("Applied 25 statements: 7 tables, 0 columns, 9 partitions, 9 indexes.")
                .contains("== Workflow").contains("stale_reprice").contains("conflict");
        // The guide's cache rules set by the workflow's SmartCacheNode, then queried through (memory backend)
        assertThat(demo.out()).contains("== Query cache (the guide's SmartCacheNode rules, memory backend) ==");
        assertThat(line(demo.out(), "dashboard aggregate (GROUP BY DATE)")).contains(" miss ");
        assertThat(line(demo.out(), "dashboard aggregate, again")).contains(" hit ");
        assertThat(line(demo.out(), "product 1, again")).contains(" hit ");
        assertThat(line(demo.out(), "product 1 after UPDATE products")).as("invalidated by products.update").contains(" miss ");
        assertThat(line(demo.out(), "orders of user 1, again")).contains(" hit ");
        assertThat(line(demo.out(), "orders of user 2")).as("key_includes user_id").contains(" miss ");
        assertThat(demo.out()).contains("these queries: hits 63, misses 5");
        assertThat(db.value("SELECT count(*) FROM orders")).isEqualTo("20003");
        assertThat(db.value("SELECT count(*) FROM users")).isEqualTo("2001");
        assertThat(db.value("SELECT count(*) FROM pg_inherits WHERE inhparent = 'customers'::regclass")).isEqualTo("4");
        assertThat(db.value("SELECT count(*) FROM ONLY customers_default")).isNotEqualTo("0");
        // skew: the top 10% of users place far more than 10% of the orders
        assertThat(Double.parseDouble(db.value("SELECT sum(n)::float / (SELECT count(*) FROM orders) FROM (SELECT count(*) n FROM orders"
                + " GROUP BY user_id ORDER BY 1 DESC LIMIT 200) t"))).isGreaterThan(0.3);

        // The rest of the guide's nodes, on the demo's data
        for (String node : List.of("analyze_plan", "optimize", "analyze_items", "optimize_items", "optimize_exists", "create_dashboard_view", "create_incremental",
                "configure_prepared", "monitor", "monitor_locks", "update_product", "comprehensive_monitoring", "warm_critical_queries")) {
            assertThat(line(demo.out(), "  " + node.trim() + " ")).contains(" ok "); // the workflow line, padded after the id
        }
        assertThat(demo.out()).contains("== Query rewriting (verified on the demo's data) ==");
        assertThat(line(demo.out(), "rewrite_subquery: [decorrelate]")).contains("→ JOIN");
        assertThat(demo.out()).contains("the rewrite given in the config: equivalent on this data");
        assertThat(line(demo.out(), "optimize_exists: no rewrite")).contains("already optimal");
        assertThat(demo.out()).contains("== Optimizer suggestions").contains("[missing_indexes]")
                .contains("CREATE INDEX CONCURRENTLY").contains("ON \"order_items\"");
        assertThat(db.value("SELECT count(*) FROM user_dashboard_stats")).isEqualTo("2001");
        assertSummaryCountsEveryOrderAfterARefresh();

        Cli.Run again = Cli.run("demo", "--scale", "small", "--url", db.url());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("--reset");

        // --reset drops the demo's views (and the incremental one's capture triggers) so the rerun creates them again
        Cli.Run reset = Cli.run("demo", "--scale", "small", "--url", db.url(), "--reset");
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(line(reset.out(), "create_incremental")).contains("action: created");
        assertSummaryCountsEveryOrderAfterARefresh();
    }

    /**
     * {@code ./dataflow demo 2>log}: a separate JVM with stderr in a file, as a shell redirect makes it. The log gets one
     * plain line per table (no carriage returns, no escape codes) and no log line of the demo's own alert, which is in
     * the report with its threshold instead.
     */
    @Test
    void demoWithStderrInAFileLogsOneLinePerTableAndItsAlertsAreInTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process demo = new ProcessBuilder(javaBin, "-cp", classpath, "io.dataflow.cli.Main", "demo", "--scale", "small", "--url", db.url())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // a hung child must not hang the build; this bounds a hang, it measures nothing
        assertThat(demo.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)).as("the demo finished").isTrue();
        String log = Files.readString(err);
        String report = Files.readString(out);
        assertThat(demo.exitValue()).as(log).isZero();

        assertThat(log).doesNotContain("\u001b").doesNotContain("\r");
        for (String table : List.of("users", "products", "product_stats", "orders", "order_items", "events", "customers")) {
            assertThat(log.lines().filter(l -> l.startsWith("  " + table + ": ")).toList()).as(table + " in:%n%s", log)
                    .singleElement().asString().matches("  " + table + ": ([0-9,]+) of \\1 \\(100%\\)");
        }
        assertThat(log + report).doesNotContain("WARNING").doesNotContain("StatementCacheMonitor");

        assertThat(report).contains("== Prepared statements (PreparedStatementMonitor, alert_on thresholds) ==");
        assertThat(line(report, "  monitor: cache_hit_rate ")).contains(" hits of ").contains("memory_usage");
        // the demo's workflow sets hit_rate_below 0.8 and memory_above_mb 100: an alert, when one fires, says which
        for (String alert : report.lines().filter(l -> l.contains("ALERT")).toList()) {
            assertThat(alert).matches("    ALERT (hit_rate_below 0\\.8: cache hit rate [0-9.]+ is below 0\\.800|memory_above_mb 100\\.0: .* above 100\\.0 MB)");
        }
    }

    /** Workflow branches run concurrently: orders the workflow adds after the summary exists are captured, and merged by a refresh. */
    private void assertSummaryCountsEveryOrderAfterARefresh() {
        Cli.Run refresh = Cli.run("mviews", "refresh", "daily_sales_summary", "--url", db.url());
        assertThat(refresh.exit()).as(refresh.err()).isZero();
        assertThat(db.value("SELECT sum(units_sold) FROM daily_sales_summary")).isEqualTo(db.value("SELECT count(*) FROM orders"));
    }

    @Test
    void nodesListsTypesAndDescribesOne() {
        Cli.Run list = Cli.run("nodes", "--models", "../examples/guide-models.yaml");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("OrderBulkUpsertNode").contains("ProductUpdateNode").contains("CustomerListNode");
        Cli.Run one = Cli.run("nodes", "OrderListNode", "--models", "../examples/guide-models.yaml");
        assertThat(one.out()).contains("filter").contains("order_by").contains("limit").contains("Outputs: ");
        assertThat(Cli.run("nodes", "OrderLstNode", "--models", "../examples/guide-models.yaml").err()).contains("did you mean 'OrderListNode'");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(Cli.run("nonsense").exit()).isEqualTo(2);
        assertThat(Cli.run("status", "--bogus").err()).contains("Unknown option");
    }

    @Test
    void jobsListRunAndRemove(@TempDir Path dir) throws Exception {
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, "nodes:\n  - {type: TickNode, id: nightly_tick, config: {label: cli, schedule: daily}}\n");
        Cli.Run scheduled = Cli.run("run", flow.toString(), "--url", db.url(), "--json");
        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        assertThat(scheduled.out()).contains("\"scheduled\" : true").contains("\"job\" : \"nightly_tick\"");

        Cli.Run list = Cli.run("jobs", "--url", db.url());
        assertThat(list.out()).contains("nightly_tick").contains("daily").contains("TickNode");
        Cli.Run now = Cli.run("jobs", "run", "nightly_tick", "--url", db.url());
        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(now.out()).contains("job nightly_tick: ok");
        assertThat(db.value("SELECT count(*) FROM ticks")).isEqualTo("1");
        assertThat(Cli.run("jobs", "remove", "nightly_tick", "--url", db.url()).out()).contains("removed job nightly_tick");
        assertThat(Cli.run("jobs", "--url", db.url()).out()).contains("No jobs");
        assertThat(Cli.run("jobs", "run", "ghost", "--url", db.url()).err()).contains("no job named ghost");
    }

    @Test
    void aWorkflowFilesCacheConfigOpensTheCacheItsNodesUse(@TempDir Path dir) throws Exception {
        Path flow = dir.resolve("cached.yaml");
        Files.writeString(flow, """
                cache_config: {enabled: true, backend: memory, serialization: msgpack, compression: lz4, key_strategy: query_hash}
                nodes:
                  - type: SmartCacheNode
                    id: cache_strategy
                    config:
                      rules:
                        - {pattern: "SELECT.*FROM products.*", ttl: 3600, invalidate_on: [products.update, products.delete]}
                """);
        Cli.Run run = Cli.run("run", flow.toString(), "--url", db.url(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode output = new ObjectMapper().readTree(run.out()).at("/nodes/cache_strategy/output");
        assertThat(output.get("enabled").asBoolean()).as(run.out()).isTrue();
        assertThat(output.get("backend").asText()).isEqualTo("memory");

        Files.writeString(flow, Files.readString(flow).replace("backend: memory", "backend: memcached"));
        Cli.Run bad = Cli.run("run", flow.toString(), "--url", db.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("cache_config").contains("backend").contains("memcached");
    }

    /** The one line of the output that contains {@code text}. */
    private static String line(String out, String text) {
        List<String> lines = out.lines().filter(l -> l.contains(text)).toList();
        assertThat(lines).as("lines containing '" + text + "'").hasSize(1);
        return lines.get(0);
    }
}
