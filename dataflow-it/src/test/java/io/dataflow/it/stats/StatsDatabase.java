package io.dataflow.it.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.WorkflowBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fresh database for statistics tests, with the helpers they share. Tables are created with
 * autovacuum off so that no background ANALYZE races the checks.
 */
final class StatsDatabase implements AutoCloseable {

    final TestDatabase db;
    final DataFlow flow;

    StatsDatabase(TestServers.Server server) {
        db = server.freshDatabase();
        flow = db.open();
    }

    int serverVersion() {
        return Integer.parseInt(db.value("SHOW server_version_num"));
    }

    /** pg_attribute.attstattarget exactly as stored: NULL (PostgreSQL 17+) or -1 (before) for the default. */
    String storedTarget(String table, String column) {
        return db.value("SELECT attstattarget::text FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attname = '" + column + "'");
    }

    /** What a column at the default target stores on this server. */
    String defaultStored() {
        return serverVersion() >= 170000 ? null : "-1";
    }

    String lastAnalyze(String table) {
        return db.value("SELECT coalesce(last_analyze, last_autoanalyze)::text FROM pg_stat_user_tables WHERE relname = '" + table + "'");
    }

    /**
     * Waits until the row changes made by other sessions show in pg_stat_user_tables: sessions report
     * their counters when idle or on exit, not at commit.
     */
    void awaitModifications(String table, long atLeast) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            String n = db.value("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = '" + table + "'");
            if (n != null && Long.parseLong(n) >= atLeast) return;
            assertThat(Instant.now()).as(table + " n_mod_since_analyze still " + n + ", expected " + atLeast).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * ANALYZE once the load's row counts are reported: a session reports them after it commits, so
     * an ANALYZE before that would be followed by the load counting as changes since it.
     */
    void analyzeAfterLoad(String table, long rows) throws InterruptedException {
        awaitModifications(table, rows);
        db.execute("ANALYZE " + table);
    }

    /** The planner's row estimate for a query. */
    double estimate(String sql) {
        try {
            String json = db.value("EXPLAIN (FORMAT JSON) " + sql);
            return new ObjectMapper().readTree(json).path(0).path("Plan").path("Plan Rows").asDouble();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        return Long.parseLong(db.value(sql));
    }

    WorkflowBuilder workflow() {
        return flow.workflow();
    }

    Results run(String type, String id, Map<String, ?> config) {
        return flow.runtime().execute(flow.workflow().addNode(type, id, config).build());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public void close() {
        try {
            flow.close();
        } finally {
            db.close();
        }
    }
}
