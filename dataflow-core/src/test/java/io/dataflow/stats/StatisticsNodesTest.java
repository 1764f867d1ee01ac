package io.dataflow.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the statistics nodes refuse when a workflow is built, before any database is involved. */
class StatisticsNodesTest {

    static WorkflowBuilder workflow() {
        return new WorkflowBuilder(NodeRegistry.load(List.of()));
    }

    static void refused(String type, Map<String, ?> config, String key, String... messages) {
        assertThatThrownBy(() -> workflow().addNode(type, "stats", config).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("node 'stats' (" + type + ")")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContainingAll(messages);
    }

    @Test
    void bothNodesAreRegisteredWithTheGuidesConfigAccepted() {
        workflow().addNode("StatisticsUpdateNode", "update_stats", Map.of("tables", List.of("orders", "order_items", "products"),
                        "sample_rate", 100, "columns", "all", "schedule", "daily"))
                .addNode("StatisticsAnalyzerNode", "check_stats", Map.of(
                        "check", List.of("outdated_statistics", "missing_statistics", "skewed_distributions", "correlation_issues"),
                        "alert_threshold", Map.of("staleness_days", 7, "row_change_percent", 20)))
                .build();
    }

    @Test
    void sampleRateOutsideOneToHundredIsRefused() {
        refused("StatisticsUpdateNode", Map.of("tables", List.of("orders"), "sample_rate", 0), "sample_rate", "1 to 100");
        refused("StatisticsUpdateNode", Map.of("tables", List.of("orders"), "sample_rate", 150), "sample_rate", "1 to 100", "got number 150");
        refused("StatisticsUpdateNode", Map.of("tables", List.of("orders"), "sample_rate", "most"), "sample_rate", "'default'");
    }

    @Test
    void tablesAndColumnsMustBeNames() {
        refused("StatisticsUpdateNode", Map.of("sample_rate", 10), "tables", "is required");
        refused("StatisticsUpdateNode", Map.of("tables", List.of()), "tables", "at least one table");
        refused("StatisticsUpdateNode", Map.of("tables", List.of("orders; DROP TABLE x")), "tables[0]", "not an accepted name");
        refused("StatisticsUpdateNode", Map.of("tables", List.of("orders"), "columns", "everything"), "columns", "'all' or a non-empty list");
        refused("StatisticsUpdateNode", Map.of("tables", List.of("orders"), "colums", "all"), "colums", "did you mean 'columns'");
    }

    @Test
    void anUnknownCheckIsRefusedWithTheNearestName() {
        refused("StatisticsAnalyzerNode", Map.of("check", List.of("outdated_statistics", "skewed_distribution")), "check",
                "'skewed_distribution' is not accepted", "did you mean 'skewed_distributions'");
    }

    @Test
    void thresholdsMustBePositiveNumbersUnderKnownKeys() {
        refused("StatisticsAnalyzerNode", Map.of("alert_threshold", Map.of("staleness_days", 0)), "alert_threshold.staleness_days",
                "more than 0");
        refused("StatisticsAnalyzerNode", Map.of("alert_threshold", Map.of("row_change_percent", -5)), "alert_threshold.row_change_percent",
                "more than 0");
        refused("StatisticsAnalyzerNode", Map.of("alert_threshold", Map.of("staleness_day", 3)), "alert_threshold.staleness_day",
                "did you mean 'staleness_days'");
        refused("StatisticsAnalyzerNode", Map.of("alert_threshold", Map.of("staleness_days", "a week")), "alert_threshold.staleness_days",
                "must be a number");
        refused("StatisticsAnalyzerNode", Map.of("tables", List.of("bad-name")), "tables[0]", "not an accepted name");
    }
}
