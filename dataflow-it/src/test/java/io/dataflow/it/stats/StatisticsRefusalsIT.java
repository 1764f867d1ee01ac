package io.dataflow.it.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.it.TestServers;
import io.dataflow.stats.ColumnSelection;
import io.dataflow.stats.SampleRate;
import io.dataflow.stats.Statistics;
import io.dataflow.stats.UpdateRequest;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the statistics nodes is refused with the node and key named, and changes nothing:
 * no target, no ANALYZE, no statistics object, no catalog change.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class StatisticsRefusalsIT {

    final TestServers.Server server;
    StatsDatabase s;
    List<String> fingerprint;

    StatisticsRefusalsIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void tables() {
        s = new StatsDatabase(server);
        s.db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, status text) WITH (autovacuum_enabled = false);"
                + " CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint) WITH (autovacuum_enabled = false);"
                + " INSERT INTO orders SELECT g, 'done' FROM generate_series(1, 2000) g;"
                + " INSERT INTO order_items SELECT g, g FROM generate_series(1, 2000) g");
        fingerprint = state();
    }

    /** Targets, analyze times, pg_stats rows, statistics objects and the catalog: all that a refused node must leave alone. */
    private List<String> state() {
        List<String> out = new java.util.ArrayList<>(s.db.catalogFingerprint());
        out.addAll(s.db.column("SELECT attrelid::regclass || '.' || attname || '=' || coalesce(attstattarget::text, 'null')"
                + " FROM pg_attribute WHERE attrelid IN ('orders'::regclass, 'order_items'::regclass) AND attnum > 0 ORDER BY 1"));
        out.add("analyzed: " + s.db.value("SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"));
        out.add("pg_stats: " + s.db.value("SELECT count(*) FROM pg_stats WHERE schemaname = 'public'"));
        out.add("objects: " + s.db.value("SELECT count(*) FROM pg_statistic_ext"));
        return out;
    }

    @AfterEach
    void unchangedAndDropped() {
        try {
            assertThat(state()).isEqualTo(fingerprint);
        } finally {
            s.close();
        }
    }

    private NodeResult failed(String type, Map<String, ?> config) {
        Results r = s.run(type, "stats", config);
        NodeResult node = r.node("stats");
        assertThat(node.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(node.error()).contains("node 'stats' (" + type + ")");
        return node;
    }

    @Test
    void aTableThatDoesNotExistIsRefusedWithTheNearestNameBeforeTheOthersAreTouched() {
        NodeResult r = failed("StatisticsUpdateNode", Map.of("tables", List.of("orders", "order_itemz"), "sample_rate", 50));
        assertThat(r.error()).contains("key 'tables[1]'").contains("no table 'order_itemz'").contains("did you mean 'order_items'");
    }

    @Test
    void anUnknownColumnIsRefusedEvenWhenOnlyTheSecondTableLacksIt() {
        NodeResult r = failed("StatisticsUpdateNode", Map.of("tables", List.of("orders", "order_items"), "sample_rate", 50,
                "columns", List.of("status")));
        assertThat(r.error()).contains("key 'columns[0]'").contains("table order_items has no column 'status'");
        NodeResult typo = failed("StatisticsUpdateNode", Map.of("tables", List.of("orders"), "columns", List.of("stauts")));
        assertThat(typo.error()).contains("did you mean 'status'");
    }

    @Test
    void sampleRatesOutsideOneToHundredAreRefusedWhenTheWorkflowIsBuilt() {
        for (Object rate : List.of(0, 150, -1, "half")) {
            assertThatThrownBy(() -> s.workflow().addNode("StatisticsUpdateNode", "stats",
                    Map.of("tables", List.of("orders"), "sample_rate", rate)).build())
                    .as("sample_rate " + rate).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("node 'stats' (StatisticsUpdateNode)").hasMessageContaining("key 'sample_rate'")
                    .hasMessageContaining("1 to 100");
        }
    }

    @Test
    void anUnknownCheckIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> s.workflow().addNode("StatisticsAnalyzerNode", "stats",
                Map.of("check", List.of("outdated_statistic"))).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("node 'stats' (StatisticsAnalyzerNode)")
                .hasMessageContaining("key 'check'").hasMessageContaining("did you mean 'outdated_statistics'");
    }

    @Test
    void theAnalyzerRefusesAnUnknownTableToo() {
        NodeResult r = failed("StatisticsAnalyzerNode", Map.of("tables", List.of("ordrs")));
        assertThat(r.error()).contains("key 'tables[0]'").contains("did you mean 'orders'");
    }

    @Test
    void theTypedCoreRaisesTheSameConfigException() {
        assertThatThrownBy(() -> new Statistics(s.flow).update(new UpdateRequest(List.of("orders"), SampleRate.percent(10),
                ColumnSelection.of("id", "sttus"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("columns[1]"))
                .hasMessageContaining("did you mean 'status'");
    }
}
