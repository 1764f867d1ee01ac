package io.dataflow.pool;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures the statement cache: hit rate from the tracking, time saved from planning times, memory from the server.
 * Crossed thresholds are returned in the report, not logged: the caller (a workflow's output, the demo's report,
 * an application's own alerting) decides where an alert goes.
 */
public final class StatementCacheMonitor {

    private final DataFlow db;

    public StatementCacheMonitor(DataFlow db) {
        this.db = db;
    }

    /** {@code hitRateBelow} / {@code memoryAboveMb}: null for no alert. */
    public StatementCacheReport check(Double hitRateBelow, Double memoryAboveMb) {
        StatementTracker tracker = db.preparedStatements().tracker();
        ConnectionPool pool = db.connectionPool();
        // EXPLAINs run on a connection of their own: a statement EXPLAIN refuses would make Hikari evict a pooled one.
        io.dataflow.connect.ConnectionUrl url = pool.connectionUrl();
        try (Connection c = pool.untracked().getConnection();
             Connection explain = explainConnection(url)) {
            boolean pgss = PlanningTimes.pgssTracksPlanning(explain);
            double saved = 0;
            int measured = 0;
            for (StatementUsage u : tracker.usage()) {
                if (u.hits() == 0) continue;
                Optional<Double> ms = u.planningMs() != null ? Optional.of(u.planningMs())
                        : PlanningTimes.measure(explain, u.sql(), db.capabilities().majorVersion(), pgss);
                if (ms.isEmpty()) continue;
                tracker.planningMs(u.sql(), ms.get());
                saved += ms.get() * u.hits();
                measured++;
            }
            int prepared = count(c, "SELECT count(*) FROM pg_prepared_statements");
            Double perConnection = db.capabilities().majorVersion() >= 14 ? cachedPlanMb(c) : null;
            Double estimated = perConnection == null ? null : perConnection * pool.stats().total();
            Double hitRate = tracker.hitRate();
            List<StatementCacheReport.Alert> alerts = new ArrayList<>();
            if (hitRateBelow != null && hitRate != null && hitRate < hitRateBelow) {
                alerts.add(new StatementCacheReport.Alert("hit_rate_below", hitRateBelow, hitRate,
                        String.format(java.util.Locale.ROOT, "cache hit rate %.3f is below %.3f", hitRate, hitRateBelow)));
            }
            if (memoryAboveMb != null && estimated != null && estimated > memoryAboveMb) {
                alerts.add(new StatementCacheReport.Alert("memory_above_mb", memoryAboveMb, estimated,
                        String.format(java.util.Locale.ROOT, "prepared statements use about %.1f MB across the pool, above %.1f MB", estimated, memoryAboveMb)));
            }
            return new StatementCacheReport(tracker.executions(), tracker.hits(), hitRate, measured == 0 ? null : saved, measured,
                    prepared, perConnection, estimated, List.copyOf(alerts));
        } catch (SQLException e) {
            throw new DataFlowException("cannot measure the statement cache: " + e.getMessage(), e);
        }
    }

    /** Simple query protocol: EXPLAIN (GENERIC_PLAN) must see $1 as text, not as a parameter the driver did not bind. */
    private static Connection explainConnection(io.dataflow.connect.ConnectionUrl url) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        if (url.user() != null) p.setProperty("user", url.user());
        if (url.password() != null) p.setProperty("password", url.password());
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("ApplicationName", "dataflow-monitor");
        return java.sql.DriverManager.getConnection(url.jdbcUrl(), p);
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Memory of this backend's cached plans (the sampled connection stands for the others). */
    private static Double cachedPlanMb(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT coalesce(sum(total_bytes), 0) FROM pg_backend_memory_contexts WHERE name IN ('CachedPlan', 'CachedPlanSource', 'CachedPlanQuery')")) {
            rs.next();
            return rs.getLong(1) / (1024.0 * 1024.0);
        }
    }
}
