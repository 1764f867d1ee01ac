package io.dataflow.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.pool.StatementUsage;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.WorkflowBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PreparedStatementIT extends ServerTest {

    static final String QUERY = "SELECT id, name FROM items WHERE id = ?";

    PreparedStatementIT(TestServers.Server server) {
        super(server);
    }

    /** One connection, so pg_prepared_statements (per session) sees everything the pool prepared. */
    DataFlow open() {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        db.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10) g");
        return DataFlow.configure().url(db.url()).pool(1, 0, 10).open();
    }

    static Map<String, Object> configure(DataFlow flow, Map<String, Object> config) {
        WorkflowBuilder w = flow.workflow();
        w.addNode("PreparedStatementNode", "configure_prepared", config);
        Results results = flow.runtime().execute(w.build());
        return results.output("configure_prepared");
    }

    static void run(DataFlow flow, String sql, int times) throws SQLException {
        try (Connection c = flow.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < times; i++) {
                ps.setInt(1, 1 + i % 10);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }
    }

    static List<String> serverPrepared(DataFlow flow) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = flow.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT statement FROM pg_prepared_statements")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void theNodeSetsTheCacheAndTrackingCountsHits() throws Exception {
        try (DataFlow flow = open()) {
            Map<String, Object> out = configure(flow, Map.of("cache_size", 500, "track_usage", true, "eviction_policy", "lru",
                    "pgbouncer_transaction_mode", false));
            assertThat(out).containsEntry("cache_size", 500).containsEntry("prepare_threshold", 5);
            run(flow, QUERY, 20);
            StatementUsage usage = flow.preparedStatements().tracker().usage().stream()
                    .filter(u -> u.sql().equals("SELECT id, name FROM items WHERE id = $1")).findFirst().orElseThrow();
            // pgjdbc: executions 1-4 unnamed, the 5th prepares, 6-20 reuse the server-side statement.
            assertThat(usage.executions()).isEqualTo(20);
            assertThat(usage.hits()).isEqualTo(15);
            assertThat(usage.serverPrepared()).isTrue();
            assertThat(serverPrepared(flow)).contains("SELECT id, name FROM items WHERE id = $1");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMonitorReportsTheCountedHitRateTimeSavedMemoryAndAlerts() throws Exception {
        try (DataFlow flow = open()) {
            configure(flow, Map.of("pgbouncer_transaction_mode", false));
            run(flow, QUERY, 20);
            WorkflowBuilder w = flow.workflow();
            w.addNode("PreparedStatementMonitor", "monitor", Map.of(
                    "metrics", List.of("cache_hit_rate", "execution_time_saved", "memory_usage"),
                    "alert_on", Map.of("hit_rate_below", 0.99, "memory_above_mb", 0.000001)));
            Map<String, Object> out = flow.runtime().execute(w.build()).output("monitor");
            // the guide's names, and nothing else at the top level
            assertThat(out.keySet()).containsExactly("cache_hit_rate", "execution_time_saved", "memory_usage", "details", "alerts");
            Map<String, Map<String, Object>> details = (Map<String, Map<String, Object>>) out.get("details");
            assertThat(details.keySet()).containsExactly("cache_hit_rate", "execution_time_saved", "memory_usage");
            long executions = ((Number) details.get("cache_hit_rate").get("executions")).longValue();
            long hits = ((Number) details.get("cache_hit_rate").get("hits")).longValue();
            assertThat(hits).isEqualTo(15);
            assertThat((Double) out.get("cache_hit_rate")).isEqualTo((double) hits / executions);
            assertThat(details.get("cache_hit_rate")).containsEntry("unit", "ratio");
            assertThat(details.get("execution_time_saved")).containsEntry("unit", "ms");
            if (flow.capabilities().majorVersion() >= 16) {
                assertThat((Double) out.get("execution_time_saved")).isPositive(); // EXPLAIN (GENERIC_PLAN) of the $1 statement
            }
            assertThat(details.get("memory_usage")).containsEntry("unit", "MB");
            assertThat(((Number) details.get("memory_usage").get("prepared_on_connection")).intValue()).isGreaterThanOrEqualTo(1);
            double perConnection = (Double) details.get("memory_usage").get("mb_per_connection");
            assertThat(perConnection).isPositive();
            assertThat((Double) out.get("memory_usage")).as("MB across the pool").isPositive();
            List<Map<String, Object>> alerts = (List<Map<String, Object>>) out.get("alerts");
            assertThat(alerts).extracting(a -> a.get("rule")).containsExactly("hit_rate_below", "memory_above_mb");
            assertThat(alerts.get(0)).containsEntry("threshold", 0.99).containsEntry("value", out.get("cache_hit_rate"));
            assertThat((String) alerts.get(0).get("message")).contains("hit rate").contains("0.990");
            assertThat(alerts.get(1)).containsEntry("threshold", 0.000001).containsEntry("value", out.get("memory_usage"));
            assertThat((String) alerts.get(1).get("message")).contains("MB");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMonitorOutputsOnlyTheMetricsItIsAskedFor() throws Exception {
        try (DataFlow flow = open()) {
            configure(flow, Map.of("pgbouncer_transaction_mode", false));
            run(flow, QUERY, 20);
            WorkflowBuilder w = flow.workflow();
            w.addNode("PreparedStatementMonitor", "hit_rate", Map.of("metrics", List.of("cache_hit_rate")));
            w.addNode("PreparedStatementMonitor", "memory", Map.of("metrics", List.of("memory_usage"), "alert_on", Map.of("hit_rate_below", 0.99)));
            Results results = flow.runtime().execute(w.build());
            Map<String, Object> hitRate = results.output("hit_rate");
            assertThat(hitRate.keySet()).containsExactly("cache_hit_rate", "details", "alerts");
            assertThat(((Map<String, Object>) hitRate.get("details")).keySet()).containsExactly("cache_hit_rate");
            assertThat((List<?>) hitRate.get("alerts")).isEmpty(); // no alert_on, no alert
            Map<String, Object> memory = results.output("memory");
            assertThat(memory.keySet()).containsExactly("memory_usage", "details", "alerts");
            assertThat(((Map<String, Object>) memory.get("details")).keySet()).containsExactly("memory_usage");
            assertThat((List<Map<String, Object>>) memory.get("alerts")).extracting(a -> a.get("rule")).containsExactly("hit_rate_below");
        }
    }

    @Test
    void unusedStatementsAreDeallocatedAndTheNextUseStillWorks() throws Exception {
        try (DataFlow flow = open()) {
            configure(flow, Map.of("deallocate_unused", Map.of("enabled", true, "threshold", 1), "pgbouncer_transaction_mode", false));
            run(flow, QUERY, 8);
            assertThat(serverPrepared(flow)).contains("SELECT id, name FROM items WHERE id = $1");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (serverPrepared(flow).contains("SELECT id, name FROM items WHERE id = $1") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(serverPrepared(flow)).doesNotContain("SELECT id, name FROM items WHERE id = $1");
            StatementUsage usage = flow.preparedStatements().tracker().usage().stream()
                    .filter(u -> u.sql().startsWith("SELECT id, name FROM items")).findFirst().orElseThrow();
            assertThat(usage.deallocations()).isGreaterThanOrEqualTo(1);
            assertThat(usage.serverPrepared()).isFalse();
            // pgjdbc still holds S_n in its client cache: the next use heals by preparing again.
            run(flow, QUERY, 8);
            try (Connection c = flow.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                    ps.setInt(1, 3);
                    ps.executeQuery().close();
                }
                c.commit();
            }
        }
    }

    @Test
    void ddlThatChangesTheResultTypeIsHandledByPreparingAgain() throws Exception {
        try (DataFlow flow = open()) {
            configure(flow, Map.of("pgbouncer_transaction_mode", false));
            String star = "SELECT * FROM items WHERE id = ?";
            run(flow, star, 8);
            db.execute("ALTER TABLE items ADD COLUMN price numeric DEFAULT 1");
            run(flow, star, 3);
            db.execute("ALTER TABLE items DROP COLUMN price");
            // Inside a transaction pgjdbc cannot simply retry; autosave=conservative rolls back to a savepoint and prepares again.
            try (Connection c = flow.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(star)) {
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
                    }
                }
                c.commit();
            }
        }
    }

    @Test
    void badInputIsRefusedAndNothingChanges() throws Exception {
        try (DataFlow flow = open()) {
            configure(flow, Map.of("cache_size", 300, "pgbouncer_transaction_mode", false));
            assertThatThrownBy(() -> configure(flow, Map.of("cache_size", 0)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("cache_size").hasMessageContaining("1 or more");
            assertThatThrownBy(() -> configure(flow, Map.of("cache_size", -5)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("cache_size");
            assertThatThrownBy(() -> configure(flow, Map.of("eviction_policy", "fifo")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("eviction_policy").hasMessageContaining("lru");
            assertThat(flow.preparedStatements().settings().cacheSize()).isEqualTo(300);
        }
    }
}
