package io.dataflow.it.stats;

import static io.dataflow.it.stats.StatsDatabase.list;
import static io.dataflow.it.stats.StatsDatabase.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.stats.AnalysisReport;
import io.dataflow.stats.AnalysisRequest;
import io.dataflow.stats.Finding;
import io.dataflow.stats.Severity;
import io.dataflow.stats.Statistics;
import io.dataflow.stats.StatisticsCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** StatisticsAnalyzerNode on real catalogs: outdated, missing and skewed statistics, and that an update clears them. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class StatisticsAnalyzerIT {

    static final Map<String, Object> GUIDE_THRESHOLDS = Map.of("staleness_days", 7, "row_change_percent", 20);

    final TestServers.Server server;
    StatsDatabase s;

    StatisticsAnalyzerIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void tables() throws Exception {
        s = new StatsDatabase(server);
        for (String table : List.of("orders", "customers")) {
            s.db.execute("CREATE TABLE " + table + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL,"
                    + " status text NOT NULL) WITH (autovacuum_enabled = false);"
                    + " INSERT INTO " + table + " (user_id, status) SELECT g % 700, CASE WHEN g % 40 = 0 THEN 'pending' ELSE 'done' END"
                    + " FROM generate_series(1, 10000) g");
            s.analyzeAfterLoad(table, 10000);
        }
    }

    @AfterEach
    void drop() {
        s.close();
    }

    private List<Map<String, Object>> findings(String kind, Map<String, ?> config) {
        Map<String, Object> out = s.run("StatisticsAnalyzerNode", "check_stats", config).output("check_stats");
        return list(out.get("findings")).stream().filter(f -> kind.equals(f.get("kind"))).toList();
    }

    private List<Map<String, Object>> outdated() {
        return findings("outdated_statistics", Map.of("check", List.of("outdated_statistics"), "alert_threshold", GUIDE_THRESHOLDS));
    }

    @Test
    void bulkChangesBeyondTheThresholdAreOutdatedUntilStatisticsAreUpdated() throws Exception {
        assertThat(outdated()).isEmpty(); // both freshly analyzed

        s.db.execute("UPDATE orders SET status = 'shipped' WHERE id <= 5000");     // 50% of orders
        s.db.execute("UPDATE customers SET status = 'shipped' WHERE id <= 500");   // 5% of customers: under 20%
        s.awaitModifications("orders", 5000);
        s.awaitModifications("customers", 500);

        List<Map<String, Object>> found = outdated();
        assertThat(found).extracting(f -> f.get("table")).containsExactly("orders");
        Map<String, Object> f = found.get(0);
        assertThat(f).containsEntry("severity", "high").containsEntry("fix", "ANALYZE \"public\".\"orders\";");
        assertThat(map(f.get("evidence"))).containsEntry("modified_since_analyze", 5000L).containsEntry("rows_at_last_analyze", 10000L)
                .containsEntry("row_change_percent", 50.0);

        s.run("StatisticsUpdateNode", "update_stats", Map.of("tables", List.of("orders"), "columns", "all")).output("update_stats");
        assertThat(outdated()).isEmpty();
    }

    @Test
    void aTableNeverAnalyzedIsOutdatedAndAColumnAddedSinceHasNoStatistics() throws Exception {
        s.db.execute("CREATE TABLE events (id bigint, kind text) WITH (autovacuum_enabled = false);"
                + " INSERT INTO events SELECT g, 'k' || (g % 3) FROM generate_series(1, 3000) g");
        s.db.execute("ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT 'web'");
        s.awaitModifications("events", 3000);

        AnalysisReport report = new Statistics(s.flow).analyze(AnalysisRequest.all()
                .checks(StatisticsCheck.OUTDATED_STATISTICS, StatisticsCheck.MISSING_STATISTICS));
        assertThat(report.tables()).containsExactly("customers", "events", "orders");
        assertThat(report.findings(StatisticsCheck.OUTDATED_STATISTICS)).singleElement().satisfies(f -> {
            assertThat(f.table()).isEqualTo("events");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.evidence()).containsEntry("last_analyzed", null).containsEntry("estimated_rows", 3000L);
        });
        Finding missing = report.findings(StatisticsCheck.MISSING_STATISTICS).get(0);
        assertThat(report.findings(StatisticsCheck.MISSING_STATISTICS)).hasSize(1);
        assertThat(missing.table()).isEqualTo("orders");
        assertThat(missing.columns()).containsExactly("channel");
        assertThat(missing.severity()).isEqualTo(Severity.MEDIUM);

        try (var c = s.db.connect(); var st = c.createStatement()) {
            st.execute(missing.fix());
        }
        assertThat(new Statistics(s.flow).analyze(AnalysisRequest.all().checks(StatisticsCheck.MISSING_STATISTICS)).findings()).isEmpty();
    }

    @Test
    void aDominantValueIsSkewedWithTheValueInTheEvidenceAndABalancedColumnIsNot() {
        List<Map<String, Object>> skewed = findings("skewed_distributions",
                Map.of("check", List.of("skewed_distributions"), "tables", List.of("orders")));
        assertThat(skewed).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("table", "orders").containsEntry("columns", List.of("status")).containsEntry("severity", "high");
            assertThat(map(f.get("evidence"))).containsEntry("top_value", "done").containsEntry("top_frequency", 0.975);
            assertThat((String) f.get("fix")).contains("SET STATISTICS 1000").contains("WHERE \"status\" <> 'done'");
        });
    }

    @Test
    void theOutputSummarizesBySeverityAndNamesTheChecks() {
        Map<String, Object> out = s.run("StatisticsAnalyzerNode", "check_stats", Map.of("tables", List.of("orders"))).output("check_stats");
        assertThat(out.get("checks")).asList()
                .containsExactly("outdated_statistics", "missing_statistics", "skewed_distributions", "correlation_issues");
        assertThat(map(out.get("summary"))).containsOnlyKeys("high", "medium", "low").containsEntry("high", 1);
        assertThat(out.get("tables")).isEqualTo(List.of("orders"));
    }
}
