package io.dataflow.it.mview;

import static io.dataflow.it.mview.MviewDatabase.DASHBOARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.it.TestServers;
import io.dataflow.mview.ViewStatus;
import io.dataflow.schedule.JobRun;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's MaterializedViewNode (user_dashboard_stats) on the demo's users and orders. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class MaterializedViewIT {

    final TestServers.Server server;
    MviewDatabase m;

    MaterializedViewIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        m = new MviewDatabase(server);
        m.users(10);
        m.orders(1, 40, "now()");
    }

    @AfterEach
    void close() {
        m.close();
    }

    static Map<String, Object> guide(String query) {
        return Map.of("name", "user_dashboard_stats", "query", query, "indexes", List.of("user_id"),
                "refresh", Map.of("method", "concurrent", "schedule", "0 */4 * * *"));
    }

    @Test
    void theGuidesViewIsCreatedWithAUniqueKeyAndItsRefreshIsScheduled() {
        Map<String, Object> out = m.ok("MaterializedViewNode", guide(DASHBOARD));
        assertThat(out.get("action")).isEqualTo("created");
        assertThat(out.get("unique_key")).isEqualTo(List.of("user_id", "name"));
        assertThat(((Number) out.get("rows")).longValue()).isEqualTo(10);
        assertThat(m.rows("SELECT * FROM user_dashboard_stats")).isEqualTo(m.rows(DASHBOARD));
        assertThat(m.db.column("SELECT indexdef FROM pg_indexes WHERE tablename = 'user_dashboard_stats' ORDER BY 1"))
                .anyMatch(d -> d.startsWith("CREATE UNIQUE INDEX") && d.endsWith("(user_id, name)"))
                .anyMatch(d -> !d.contains("UNIQUE") && d.endsWith("(user_id)"));
        assertThat(out.get("job")).isEqualTo("mview_refresh:user_dashboard_stats");

        m.orders(41, 45, "now()");
        JobRun run = m.flow.scheduler().runNow("mview_refresh:user_dashboard_stats");
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("ok");
        assertThat(m.rows("SELECT * FROM user_dashboard_stats")).isEqualTo(m.rows(DASHBOARD));
        assertThat(m.db.column("SELECT method || ' ' || status || ' ' || rows FROM dataflow.mview_refreshes WHERE name = 'user_dashboard_stats'"))
                .containsExactly("concurrent ok 10");
    }

    @Test
    void reRunningWithTheSameQueryRefreshesAndStalenessFollowsTheBaseTables() throws Exception {
        m.ok("MaterializedViewNode", guide(DASHBOARD));
        List<String> before = m.db.catalogFingerprint();
        assertThat(m.ok("MaterializedViewNode", guide(DASHBOARD)).get("action")).isEqualTo("refreshed");
        assertThat(m.db.catalogFingerprint()).isEqualTo(before);

        try (Connection c = m.db.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO orders (id, user_id, product_id, status, created_at, updated_at, total) VALUES (1000, 1, 1, 'paid', now(), now(), 5)");
            st.execute("SELECT pg_stat_force_next_flush()"); // report the insert now rather than when the session idles
        }
        for (int i = 0; i < 100 && !Boolean.TRUE.equals(m.flow.mviews().status("user_dashboard_stats").baseTablesChanged()); i++) Thread.sleep(50);
        ViewStatus stale = m.flow.mviews().status("user_dashboard_stats");
        assertThat(stale.baseTablesChanged()).isTrue();
        assertThat(stale.secondsSinceRefresh()).isNotNull();
        m.flow.mviews().refresh("user_dashboard_stats");
        assertThat(m.flow.mviews().status("user_dashboard_stats").baseTablesChanged()).isFalse();
        assertThat(m.flow.mviews().status("user_dashboard_stats").lastStatus()).isEqualTo("ok");
    }

    @Test
    void readersNeverSeeAnErrorOrAnEmptyViewDuringConcurrentRefreshesAndRedefinitions() throws Exception {
        m.ok("MaterializedViewNode", guide(DASHBOARD));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (Connection c = m.db.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM user_dashboard_stats")) {
                        rs.next();
                        if (rs.getLong(1) == 0) throw new AssertionError("empty view seen");
                    }
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        String redefined = DASHBOARD.replace("MAX(o.created_at) as last_order_date", "MIN(o.created_at) as first_order_date");
        for (int i = 0; i < 6; i++) {
            m.flow.mviews().refresh("user_dashboard_stats");
            Map<String, Object> out = m.ok("MaterializedViewNode", guide(i % 2 == 0 ? redefined : DASHBOARD));
            assertThat(out.get("action")).isEqualTo("replaced");
        }
        while (reads.get() < 20 && failure.get() == null) Thread.sleep(10);
        stop.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(m.rows("SELECT * FROM user_dashboard_stats")).isEqualTo(m.rows(DASHBOARD));
        assertThat(m.db.column("SELECT relname FROM pg_class WHERE relname LIKE 'user_dashboard_stats%' ORDER BY 1"))
                .containsExactly("user_dashboard_stats", "user_dashboard_stats_user_id_idx", "user_dashboard_stats_user_id_name_key");
    }

    @Test
    void badInputIsRefusedNamingNodeAndKeyAndNothingIsCreated() {
        List<String> before = m.db.catalogFingerprint();
        refused(Map.of("name", "v", "query", "DELETE FROM orders RETURNING id"), "query", "must be a SELECT");
        refused(Map.of("name", "v", "query", "WITH d AS (DELETE FROM orders RETURNING id) SELECT id FROM d"), "query", "changes data");
        refused(Map.of("name", "v", "query", "SELECT 1 AS a; DROP TABLE orders"), "query", "exactly one SELECT");
        refused(Map.of("name", "v; DROP TABLE orders", "query", DASHBOARD), "name", "not an accepted name");
        refused(Map.of("name", "v", "query", "SELECT user_id, total FROM orders"), "refresh.method", "unique key");
        refused(Map.of("name", "v", "query", DASHBOARD, "refresh", Map.of("method", "sometimes")), "refresh.method", "not accepted");
        refused(Map.of("name", "v", "query", DASHBOARD, "indexes", List.of("nope")), "indexes[0]", "not a column of the view");
        assertThat(m.db.catalogFingerprint()).isEqualTo(before);
        assertThat(m.flow.mviews().status()).isEmpty();
    }

    private void refused(Map<String, Object> config, String key, String message) {
        assertThatThrownBy(() -> m.run("MaterializedViewNode", config))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.where()).contains("node").contains("MaterializedViewNode");
                })
                .hasMessageContaining(message);
    }
}
