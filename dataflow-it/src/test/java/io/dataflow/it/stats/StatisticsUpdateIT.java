package io.dataflow.it.stats;

import static io.dataflow.it.stats.StatsDatabase.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.stats.ColumnSelection;
import io.dataflow.stats.SampleRate;
import io.dataflow.stats.Statistics;
import io.dataflow.stats.UpdateReport;
import io.dataflow.stats.UpdateRequest;
import io.dataflow.workflow.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** StatisticsUpdateNode: sample_rate becomes the columns' statistics target, visible in pg_attribute, and goes back. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class StatisticsUpdateIT {

    final TestServers.Server server;
    StatsDatabase s;

    StatisticsUpdateIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void tables() {
        s = new StatsDatabase(server);
        s.db.execute("""
                CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL,
                                     status text NOT NULL, "Total amount" numeric NOT NULL) WITH (autovacuum_enabled = false);
                INSERT INTO orders (user_id, status, "Total amount")
                SELECT g % 700, CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'done' END, g % 97 FROM generate_series(1, 10000) g;
                """);
    }

    @AfterEach
    void drop() {
        s.close();
    }

    @Test
    void aSampleRateSetsTheChosenColumnsTargetsAndAnalyzes() {
        assertThat(s.lastAnalyze("orders")).isNull();
        Results r = s.run("StatisticsUpdateNode", "update_stats",
                Map.of("tables", List.of("orders"), "sample_rate", 50, "columns", List.of("status", "user_id")));
        Map<String, Object> out = r.output("update_stats");

        assertThat(s.storedTarget("orders", "status")).isEqualTo("5000");
        assertThat(s.storedTarget("orders", "user_id")).isEqualTo("5000");
        assertThat(s.storedTarget("orders", "Total amount")).isEqualTo(s.defaultStored());
        assertThat(s.lastAnalyze("orders")).isNotNull();
        assertThat(s.db.value("SELECT count(*) FROM pg_stats WHERE tablename = 'orders'")).isEqualTo("2"); // only the chosen columns

        Map<String, Object> table = list(out.get("tables")).get(0);
        assertThat(table).containsEntry("table", "orders").containsEntry("columns", List.of("status", "user_id"))
                .containsEntry("statistics_target", 5000).containsEntry("estimated_rows", 10000L)
                .containsEntry("rows_sampled", 10000L); // min(300 x 5000, 10000 rows)
        assertThat(((Number) table.get("duration_ms")).doubleValue()).isPositive();
        assertThat(list(out.get("tables")).get(0).get("statements")).asList().containsExactly(
                "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"status\" SET STATISTICS 5000, ALTER COLUMN \"user_id\" SET STATISTICS 5000",
                "ANALYZE \"public\".\"orders\" (\"status\", \"user_id\")");
        assertThat(out).containsEntry("dry_run", false).containsEntry("rows_sampled_basis", UpdateReport.BASIS);
    }

    /** "all" includes columns whose names need quoting; a list names plain identifiers only. */
    @Test
    void aHundredPercentIsTheMaximumOnEveryColumnAndDefaultGoesBack() {
        s.run("StatisticsUpdateNode", "max", Map.of("tables", List.of("orders"), "sample_rate", 100, "columns", "all")).output("max");
        for (String column : List.of("id", "user_id", "status", "Total amount")) {
            assertThat(s.storedTarget("orders", column)).as(column).isEqualTo("10000");
        }

        Map<String, Object> out = s.run("StatisticsUpdateNode", "reset", Map.of("tables", List.of("orders"), "sample_rate", "default"))
                .output("reset");
        for (String column : List.of("id", "user_id", "status", "Total amount")) {
            assertThat(s.storedTarget("orders", column)).as(column).isEqualTo(s.defaultStored());
        }
        int defaultTarget = Integer.parseInt(s.db.value("SHOW default_statistics_target"));
        assertThat(list(out.get("tables")).get(0)).containsEntry("statistics_target", defaultTarget)
                .containsEntry("rows_sampled", (long) Math.min(300 * defaultTarget, 10000));
    }

    @Test
    void withoutASampleRateTargetsAreKeptAndTheTableIsAnalyzed() {
        s.db.execute("ALTER TABLE orders ALTER COLUMN status SET STATISTICS 300");
        Map<String, Object> out = s.run("StatisticsUpdateNode", "analyze", Map.of("tables", List.of("orders"))).output("analyze");
        assertThat(s.storedTarget("orders", "status")).isEqualTo("300");
        assertThat(s.storedTarget("orders", "user_id")).isEqualTo(s.defaultStored());
        assertThat(list(out.get("tables")).get(0)).containsEntry("statistics_target", 300).containsEntry("rows_sampled", 10000L);
        assertThat(s.db.value("SELECT count(*) FROM pg_stats WHERE tablename = 'orders'")).isEqualTo("4");
    }

    @Test
    void aDryRunShowsTheStatementsAndChangesNothing() {
        Map<String, Object> out = s.run("StatisticsUpdateNode", "preview",
                Map.of("tables", List.of("orders"), "sample_rate", 10, "dry_run", true)).output("preview");
        assertThat(out).containsEntry("dry_run", true).containsEntry("tables", List.of());
        assertThat(list(out.get("plan")).get(0)).containsEntry("target", 1000);
        assertThat(s.storedTarget("orders", "status")).isEqualTo(s.defaultStored());
        assertThat(s.lastAnalyze("orders")).isNull();
    }

    @Test
    void theTypedCoreDoesTheSameWithoutAWorkflow() {
        UpdateReport report = new Statistics(s.flow).update(new UpdateRequest(List.of("orders"), SampleRate.percent(2), ColumnSelection.of("user_id")));
        assertThat(report.tables()).singleElement().satisfies(t -> {
            assertThat(t.statisticsTarget()).isEqualTo(200);
            assertThat(t.rowsSampled()).isEqualTo(10000);
        });
        assertThat(s.storedTarget("orders", "user_id")).isEqualTo("200");
    }
}
