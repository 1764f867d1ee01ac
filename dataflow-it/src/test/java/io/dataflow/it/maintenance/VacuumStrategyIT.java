package io.dataflow.it.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.maintenance.TableSettings;
import io.dataflow.maintenance.VacuumStrategy;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.JobRun;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** VacuumStrategyNode on real PostgreSQL: applies whole or not at all, reports before and after, schedules VACUUM. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class VacuumStrategyIT {

    static final String NODE = "node 'configure_vacuum' (VacuumStrategyNode)";

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    VacuumStrategyIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void tables() {
        db = server.freshDatabase();
        db.execute("CREATE TABLE high_update_table (id int PRIMARY KEY, body text) WITH (fillfactor = 90)");
        db.execute("CREATE TABLE append_only_table (id bigint, at timestamptz)");
        flow = db.open();
    }

    @AfterEach
    void drop() {
        flow.close();
        db.close();
    }

    private Results run(Map<String, Object> tables) {
        return flow.runtime().execute(flow.workflow().addNode("VacuumStrategyNode", "configure_vacuum", Map.of("tables", tables)).build());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGuideConfigIsAppliedReportedBeforeAndAfterAndSchedulesTheManualVacuum() {
        Results r = run(Map.of(
                "high_update_table", Map.of("autovacuum_vacuum_scale_factor", 0.05, "autovacuum_analyze_scale_factor", 0.05,
                        "autovacuum_vacuum_cost_delay", 10, "toast.autovacuum_enabled", false),
                "append_only_table", Map.of("autovacuum_enabled", false, "manual_vacuum_schedule", "weekly")));
        Map<String, Object> out = r.output("configure_vacuum");
        assertThat(out.get("applied")).isEqualTo(true);

        assertThat(Tables.reloptions(db, "high_update_table")).containsExactlyInAnyOrderEntriesOf(Map.of("fillfactor", "90",
                "autovacuum_vacuum_scale_factor", "0.05", "autovacuum_analyze_scale_factor", "0.05",
                "autovacuum_vacuum_cost_delay", "10", "toast.autovacuum_enabled", "false"));
        assertThat(Tables.reloptions(db, "append_only_table")).containsExactly(Map.entry("autovacuum_enabled", "false"));

        Map<String, Map<String, Object>> byTable = byTable((List<Map<String, Object>>) out.get("tables"));
        Map<String, Object> high = byTable.get("public.high_update_table");
        assertThat((Map<String, String>) high.get("before")).containsExactly(Map.entry("fillfactor", "90"));
        assertThat((Map<String, String>) high.get("after")).isEqualTo(Tables.reloptions(db, "high_update_table"));
        assertThat((List<String>) high.get("changed")).containsExactlyInAnyOrder("autovacuum_vacuum_scale_factor",
                "autovacuum_analyze_scale_factor", "autovacuum_vacuum_cost_delay", "toast.autovacuum_enabled");
        assertThat((String) high.get("statement")).startsWith("ALTER TABLE \"public\".\"high_update_table\" SET (");
        assertThat(high.get("manual_vacuum")).isNull();

        Map<String, Object> append = byTable.get("public.append_only_table");
        assertThat((Map<String, String>) append.get("before")).isEmpty();
        Map<String, Object> manual = (Map<String, Object>) append.get("manual_vacuum");
        assertThat(manual.get("job")).isEqualTo("vacuum.public.append_only_table");
        Job job = flow.scheduler().job("vacuum.public.append_only_table").orElseThrow();
        assertThat(job.schedule()).isEqualTo("weekly");
        assertThat(job.nodeType()).isEqualTo("VacuumNode");
        assertThat(job.config()).containsEntry("tables", List.of("public.append_only_table")).containsEntry("full", false)
                .containsEntry("analyze", true);
        assertThat((List<String>) out.get("warnings")).isEmpty();

        db.execute("INSERT INTO append_only_table SELECT g, now() FROM generate_series(1, 1000) g");
        JobRun run = flow.scheduler().runNow(job.name());
        assertThat(run.status()).as(run.error()).isEqualTo("ok");
        List<Map<String, Object>> vacuumed = (List<Map<String, Object>>) run.output().get("tables");
        assertThat(vacuumed.get(0).get("statement")).isEqualTo("VACUUM (ANALYZE) \"public\".\"append_only_table\"");
        assertThat(db.value("SELECT reltuples::int FROM pg_class WHERE relname = 'append_only_table'")).isEqualTo("1000");
    }

    private static Map<String, Map<String, Object>> byTable(List<Map<String, Object>> tables) {
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        tables.forEach(t -> out.put((String) t.get("table"), t));
        return out;
    }

    @Test
    void anUnknownParameterIsRefusedWithASuggestionAndNothingChanges() {
        assertRefusedAtBuild(Map.of("high_update_table", Map.of("autovacuum_vacuum_scale_factor", 0.05),
                        "append_only_table", Map.of("autovacum_enabled", false)),
                "tables.append_only_table.autovacum_enabled", "did you mean 'autovacuum_enabled'?");
    }

    @Test
    void aNegativeScaleFactorIsRefusedAndNothingChanges() {
        assertRefusedAtBuild(Map.of("high_update_table", Map.of("autovacuum_vacuum_scale_factor", -1),
                        "append_only_table", Map.of("autovacuum_enabled", false)),
                "tables.high_update_table.autovacuum_vacuum_scale_factor", "between 0 and 100");
    }

    private void assertRefusedAtBuild(Map<String, Object> tables, String key, String message) {
        assertThatThrownBy(() -> run(tables)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(NODE).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
        assertUnchanged();
    }

    private void assertUnchanged() {
        assertThat(Tables.reloptions(db, "high_update_table")).containsExactly(Map.entry("fillfactor", "90"));
        assertThat(Tables.reloptions(db, "append_only_table")).isEmpty();
        assertThat(flow.scheduler().jobs()).isEmpty();
    }

    @Test
    void aTableThatDoesNotExistIsRefusedBeforeTheOtherTablesChange() {
        Map<String, Object> tables = new java.util.LinkedHashMap<>();
        tables.put("high_update_table", Map.of("autovacuum_vacuum_scale_factor", 0.05));
        tables.put("append_only_table", Map.of("autovacuum_enabled", false, "manual_vacuum_schedule", "daily"));
        tables.put("high_updat_table", Map.of("fillfactor", 80));
        NodeResult result = run(tables).node("configure_vacuum");
        assertThat(result.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(result.error()).contains(NODE).contains("key 'tables.high_updat_table'").contains("does not exist")
                .contains("did you mean 'high_update_table'?");
        assertUnchanged();

        List<TableSettings> typed = TableSettings.readAll(ConfigReader.of("VacuumStrategy", Map.of("tables", tables)));
        assertThatThrownBy(() -> new VacuumStrategy(flow).apply(typed, VacuumStrategy.Options.defaults()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("tables.high_updat_table"));
        assertUnchanged();
    }

    @Test
    void aPartitionedParentIsRefusedNamingItsPartitionsAsTheWay() {
        db.execute("CREATE TABLE events (at date) PARTITION BY RANGE (at)");
        NodeResult result = run(Map.of("events", Map.of("autovacuum_enabled", false),
                "high_update_table", Map.of("autovacuum_enabled", false))).node("configure_vacuum");
        assertThat(result.error()).contains("tables.events").contains("partitioned").contains("partitions");
        assertUnchanged();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDryRunShowsTheOutcomeAndChangesNothing() {
        Map<String, Object> out = flow.runtime().execute(flow.workflow().addNode("VacuumStrategyNode", "configure_vacuum", Map.of(
                "dry_run", true, "tables", Map.of("append_only_table", Map.of("autovacuum_enabled", false, "manual_vacuum_schedule", "weekly"))))
                .build()).output("configure_vacuum");
        assertThat(out.get("applied")).isEqualTo(false);
        Map<String, Object> t = ((List<Map<String, Object>>) out.get("tables")).get(0);
        assertThat((Map<String, String>) t.get("after")).containsExactly(Map.entry("autovacuum_enabled", "false"));
        assertUnchanged();
    }
}
