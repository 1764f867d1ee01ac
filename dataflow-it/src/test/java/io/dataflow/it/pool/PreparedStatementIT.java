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
    void theMonitorReportsTheCountedHitRateTimeSavedMemoryAndAlerts() throws Exception {
        try (DataFlow flow = open()) {
            configure(flow, Map.of("pgbouncer_transaction_mode", false));
            run(flow, QUERY, 20);
            WorkflowBuilder w = flow.workflow();
            w.addNode("PreparedStatementMonitor", "monitor", Map.of(
                    "metrics", List.of("cache_hit_rate", "execution_time_saved", "memory_usage"),
                    "alert_on", Map.of("hit_rate_below", 0.99, "memory_above_mb", 0.000001)));
            Map<String, Object> out = flow.runtime().execute(w.build()).output("monitor");
            long executions = ((Number) out.get("executions")).longValue();
            long hits = ((Number) out.get("hits")).longValue();
            assertThat(hits).isEqualTo(15);
            assertThat((Double) out.get("cache_hit_rate")).isEqualTo((double) hits / executions);
            if (flow.capabilities().majorVersion() >= 16) {
                assertThat((Double) out.get("execution_time_saved_ms")).isPositive(); // EXPLAIN (GENERIC_PLAN) of the $1 statement
            }
            assertThat(((Number) out.get("prepared_on_connection")).intValue()).isGreaterThanOrEqualTo(1);
            assertThat((Double) out.get("memory_mb_per_connection")).isPositive();
            @SuppressWarnings("unchecked")
            List<String> alerts = (List<String>) out.get("alerts");
            assertThat(alerts).anyMatch(a -> a.contains("hit rate")).anyMatch(a -> a.contains("MB"));
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
