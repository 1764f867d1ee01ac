package io.dataflow.it.mview;

import static io.dataflow.it.mview.MviewDatabase.DAILY_SALES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.it.TestServers;
import io.dataflow.mview.RefreshResult;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's IncrementalMaterializedViewNode (daily_sales_summary) on the demo's orders. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class IncrementalViewIT {

    static final String ALL = DAILY_SALES.replace(":last_refresh", "'-infinity'");
    static final Map<String, Object> GUIDE = Map.of("name", "daily_sales_summary", "base_query", DAILY_SALES,
            "merge_strategy", "upsert", "refresh_tracking", true);

    final TestServers.Server server;
    MviewDatabase m;

    IncrementalViewIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        m = new MviewDatabase(server);
        m.orders(1, 30, "now() - interval '2 days'");
    }

    @AfterEach
    void close() {
        m.close();
    }

    List<String> summary() {
        return m.rows("SELECT * FROM daily_sales_summary");
    }

    @Test
    void newRowsAreAddedToExistingGroupsNotWrittenOverThem() {
        assertThat(m.ok("IncrementalMaterializedViewNode", GUIDE).get("action")).isEqualTo("created");
        assertThat(summary()).isEqualTo(m.rows(ALL)).hasSize(3);
        m.orders(31, 33, "now() - interval '2 days'"); // same days and products as existing groups
        Map<String, Object> again = m.ok("IncrementalMaterializedViewNode", GUIDE); // re-running refreshes
        assertThat(again.get("action")).isEqualTo("refreshed");
        assertThat(summary()).isEqualTo(m.rows(ALL));
        assertThat(m.db.value("SELECT sum(units_sold) FROM daily_sales_summary")).isEqualTo("33");
        assertThat(m.db.column("SELECT method || ' ' || status FROM dataflow.mview_refreshes WHERE name = 'daily_sales_summary'"))
                .containsExactly("upsert ok");
        assertThat(m.db.value("SELECT watermark IS NOT NULL FROM dataflow.mviews WHERE name = 'daily_sales_summary'")).isEqualTo("t");
    }

    @Test
    void aLateRowCommittedAfterARefreshIsMergedByTheNext() throws Exception {
        m.ok("IncrementalMaterializedViewNode", GUIDE);
        try (Connection late = m.db.connect(); Statement st = late.createStatement()) {
            late.setAutoCommit(false);
            st.execute("INSERT INTO orders (id, user_id, product_id, status, created_at, updated_at, total) VALUES (500, 1, 1, 'paid', now() - interval '5 days', now(), 70)");
            m.orders(40, 42, "now()");
            RefreshResult r = m.flow.mviews().refresh("daily_sales_summary");
            assertThat(r.method()).isEqualTo("upsert");
            late.commit(); // created 5 days ago, committed after the watermark moved on
        }
        m.flow.mviews().refresh("daily_sales_summary");
        assertThat(summary()).isEqualTo(m.rows(ALL));
        assertThat(m.flow.mviews().status("daily_sales_summary").pendingRows()).isZero();
    }

    @Test
    void updatesAndDeletesOfBaseRowsAreAnsweredByARebuild() {
        m.ok("IncrementalMaterializedViewNode", GUIDE);
        m.db.execute("UPDATE orders SET total = total + 1 WHERE id <= 5");
        m.db.execute("DELETE FROM orders WHERE id = 6");
        m.orders(50, 51, "now()");
        RefreshResult r = m.flow.mviews().refresh("daily_sales_summary");
        assertThat(r.method()).isEqualTo("rebuild");
        assertThat(r.reason()).contains("2 UPDATE/DELETE/TRUNCATE");
        assertThat(summary()).isEqualTo(m.rows(ALL));
        m.db.execute("DELETE FROM orders WHERE false"); // touches no row: no rebuild
        assertThat(m.flow.mviews().refresh("daily_sales_summary").method()).isEqualTo("upsert");
    }

    @Test
    void avgMinAndMaxCombineExactly() {
        String q = "SELECT product_id, COUNT(*) AS n, AVG(total) AS avg_total, MIN(total) AS lo, MAX(created_at) AS latest, SUM(total) AS s"
                + " FROM orders WHERE created_at >= :last_refresh GROUP BY product_id";
        m.ok("IncrementalMaterializedViewNode", Map.of("name", "product_stats", "base_query", q));
        m.orders(60, 80, "now()");
        m.db.execute("INSERT INTO orders (id, user_id, product_id, status, created_at, updated_at, total) VALUES (90, 1, 7, 'paid', now(), now(), NULL)");
        m.flow.mviews().refresh("product_stats");
        String visible = "product_id, n, avg_total, lo, latest, s";
        assertThat(m.rows("SELECT " + visible + " FROM product_stats")).isEqualTo(m.rows(q.replace(":last_refresh", "'-infinity'")));
    }

    @Test
    void replacePartitionRecomputesTouchedGroups() {
        Map<String, Object> cfg = Map.of("name", "daily_sales_summary", "base_query", DAILY_SALES, "merge_strategy", "replace_partition");
        m.ok("IncrementalMaterializedViewNode", cfg);
        m.orders(31, 40, "now()");
        assertThat(m.ok("IncrementalMaterializedViewNode", cfg).get("action")).isEqualTo("refreshed");
        assertThat(summary()).isEqualTo(m.rows(ALL));
    }

    @Test
    void captureKeepsOnePartialRowPerGroupAndStatementAndTheRowCountStaysExact() {
        m.ok("IncrementalMaterializedViewNode", GUIDE);
        m.orders(100, 129, "now()"); // one statement, 30 rows into 3 groups of today
        m.orders(130, 135, "now() - interval '2 days'"); // 6 rows into the 3 existing groups
        assertThat(m.db.value("SELECT count(*) FROM dataflow.daily_sales_summary_delta")).isEqualTo("6");
        assertThat(m.flow.mviews().status("daily_sales_summary").pendingRows()).isEqualTo(36);
        RefreshResult r = m.flow.mviews().refresh("daily_sales_summary");
        assertThat(summary()).isEqualTo(m.rows(ALL));
        assertThat(r.rows()).isEqualTo(6).isEqualTo(Long.parseLong(m.db.value("SELECT count(*) FROM daily_sales_summary")));
        assertThat(r.merged()).isEqualTo(6); // 3 groups inserted, 3 updated
        assertThat(m.flow.mviews().status("daily_sales_summary").pendingRows()).isZero();
        m.db.execute("DELETE FROM orders WHERE created_at > now() - interval '1 day'"); // today's groups go: a rebuild recounts
        RefreshResult rebuilt = m.flow.mviews().refresh("daily_sales_summary");
        assertThat(rebuilt.method()).isEqualTo("rebuild");
        assertThat(rebuilt.rows()).isEqualTo(3);
        m.orders(140, 140, "now() + interval '1 day'");
        assertThat(m.flow.mviews().refresh("daily_sales_summary").rows()).isEqualTo(4);
        assertThat(summary()).isEqualTo(m.rows(ALL));
    }

    @Test
    void appendAveragesThePartialRowsOfSeveralStatements() {
        String q = "SELECT product_id, COUNT(*) AS n, AVG(total) AS avg_total FROM orders WHERE created_at >= :last_refresh GROUP BY product_id";
        m.ok("IncrementalMaterializedViewNode", Map.of("name", "product_batches", "base_query", q, "merge_strategy", "append"));
        m.orders(200, 202, "now()"); // products 3, 1, 2
        m.orders(203, 209, "now()"); // each product again, in a second statement
        m.flow.mviews().refresh("product_batches");
        String newRows = q.replace(":last_refresh", "'-infinity'").replace("WHERE", "WHERE id >= 200 AND");
        assertThat(m.rows("SELECT product_id, n, avg_total FROM product_batches WHERE product_id IS NOT NULL")).containsAll(m.rows(newRows));
        assertThat(m.db.value("SELECT count(*) FROM product_batches")).isEqualTo("6"); // 3 from the fill, 3 appended
    }

    @Test
    void groupKeysAreComputedInDataFlowsTimeZoneWhateverTheInsertingSessionUses() throws Exception {
        m.ok("IncrementalMaterializedViewNode", GUIDE);
        try (Connection c = m.db.connect(); Statement st = c.createStatement()) {
            String other = m.db.value("SELECT CASE WHEN current_setting('TimeZone') = 'Pacific/Kiritimati' THEN 'Pacific/Pago_Pago' ELSE 'Pacific/Kiritimati' END");
            st.execute("SET TimeZone = '" + other + "'"); // 10+ hours away: DATE(created_at) differs near midnight
            st.execute("INSERT INTO orders (id, user_id, product_id, status, created_at, updated_at, total) SELECT g, 1, 1, 'paid',"
                    + " date_trunc('day', now()) + g * interval '1 hour', now(), 5 FROM generate_series(300, 323) g");
        }
        m.flow.mviews().refresh("daily_sales_summary");
        assertThat(summary()).isEqualTo(m.rows(ALL));
    }

    @Test
    void readersNeverSeeAnErrorOrAnEmptySummaryDuringRefreshesAndRedefinitions() throws Exception {
        m.ok("IncrementalMaterializedViewNode", GUIDE);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            try (Connection c = m.db.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM daily_sales_summary")) {
                        rs.next();
                        if (rs.getLong(1) == 0) throw new AssertionError("empty summary seen");
                    }
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        Map<String, Object> redefined = Map.of("name", "daily_sales_summary", "base_query", DAILY_SALES, "merge_strategy", "replace_partition");
        for (int i = 0; i < 6; i++) {
            m.orders(1000 + i * 10, 1009 + i * 10, "now()");
            m.flow.mviews().refresh("daily_sales_summary");
            assertThat(m.ok("IncrementalMaterializedViewNode", i % 2 == 0 ? redefined : GUIDE).get("action")).isEqualTo("rebuilt");
        }
        while (reads.get() < 20 && failure.get() == null) Thread.sleep(10);
        stop.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(summary()).isEqualTo(m.rows(ALL));
    }

    @Test
    void badInputIsRefusedNamingNodeAndKeyAndNothingIsCreated() {
        List<String> before = m.db.catalogFingerprint();
        refused(Map.of("name", "s", "base_query", DAILY_SALES, "merge_strategy", "merge"), "merge_strategy", "not accepted");
        refused(Map.of("name", "1s", "base_query", DAILY_SALES), "name", "not an accepted name");
        refused(Map.of("name", "s", "base_query", "UPDATE orders SET total = 0"), "base_query", "must be a SELECT");
        refused(Map.of("name", "s", "base_query", DAILY_SALES.replace("GROUP BY", "GROUP BY user_id,")), "base_query", "GROUP BY keys");
        refused(Map.of("name", "s", "base_query", DAILY_SALES + " HAVING COUNT(*) > 1"), "base_query", "HAVING");
        refused(Map.of("name", "s", "base_query", "SELECT product_id, COUNT(DISTINCT user_id) AS buyers FROM orders GROUP BY product_id"),
                "base_query", "cannot be combined by upsert");
        refused(Map.of("name", "s", "base_query", "SELECT u.id, COUNT(*) AS n FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id"),
                "base_query", "exactly one table");
        assertThat(m.db.catalogFingerprint()).isEqualTo(before);
    }

    private void refused(Map<String, Object> config, String key, String message) {
        assertThatThrownBy(() -> m.run("IncrementalMaterializedViewNode", config))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.where()).contains("IncrementalMaterializedViewNode");
                })
                .hasMessageContaining(message);
    }
}
