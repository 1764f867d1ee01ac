package io.dataflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VacuumStrategyNode's config is checked whole, before anything runs, naming node and key. */
class TableSettingsTest {

    private static final Map<String, Object> GUIDE = Map.of("tables", Map.of(
            "high_update_table", Map.of("autovacuum_vacuum_scale_factor", 0.05, "autovacuum_analyze_scale_factor", 0.05,
                    "autovacuum_vacuum_cost_delay", 10),
            "append_only_table", Map.of("autovacuum_enabled", false, "manual_vacuum_schedule", "weekly")));

    @Test
    void theGuideConfigReadsAsTypedSettings() {
        List<TableSettings> settings = TableSettings.readAll(ConfigReader.of("node 'v'", GUIDE));
        TableSettings high = settings.stream().filter(s -> s.table().name().equals("high_update_table")).findFirst().orElseThrow();
        assertThat(high.parameters()).containsEntry("autovacuum_vacuum_scale_factor", "0.05")
                .containsEntry("autovacuum_vacuum_cost_delay", "10");
        assertThat(high.manualVacuumSchedule()).isNull();
        TableSettings append = settings.stream().filter(s -> s.table().name().equals("append_only_table")).findFirst().orElseThrow();
        assertThat(append.parameters()).containsExactly(Map.entry("autovacuum_enabled", "false"));
        assertThat(append.manualVacuumSchedule()).isEqualTo("weekly");
        assertThat(append.key()).isEqualTo("tables.append_only_table");
    }

    @Test
    void refusalsNameTheNodeAndTheKeyAtBuildTime() {
        assertRefused(Map.of("orders", Map.of("autovacuum_vacum_scale_factor", 0.1)), "tables.orders.autovacuum_vacum_scale_factor",
                "did you mean 'autovacuum_vacuum_scale_factor'?");
        assertRefused(Map.of("orders", Map.of("autovacuum_vacuum_scale_factor", -1)), "tables.orders.autovacuum_vacuum_scale_factor",
                "between 0 and 100");
        assertRefused(Map.of("orders", Map.of("manual_vacuum_schedule", "fortnightly")), "tables.orders.manual_vacuum_schedule",
                "not a schedule");
        assertRefused(Map.of("orders", Map.of()), "tables.orders", "sets nothing");
        assertRefused(Map.of("orders; drop table x", Map.of("fillfactor", 90)), "tables.orders; drop table x", "not an accepted name");
    }

    private static void assertRefused(Map<String, Object> tables, String key, String message) {
        WorkflowBuilder w = new WorkflowBuilder(NodeRegistry.load(List.of()))
                .addNode("VacuumStrategyNode", "configure_vacuum", Map.of("tables", tables));
        assertThatThrownBy(w::build).isInstanceOf(ConfigException.class)
                .hasMessageContaining("node 'configure_vacuum' (VacuumStrategyNode)")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }

    @Test
    void aReferencedTablesMapIsCheckedWhenItArrives() {
        assertThat(TableSettings.readAll(ConfigReader.of("n", Map.of("tables", new io.dataflow.workflow.Reference("up", List.of()))))).isEmpty();
    }
}
