package io.dataflow.monitor;

import io.dataflow.monitor.MonitorReport.HealthCheck;
import io.dataflow.monitor.MonitorReport.ScanRatio;
import io.dataflow.monitor.MonitorReport.TableStat;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics views and catalogs the monitor reads itself, one cheap query each: table
 * activity, sessions, and PgHero's health checks. Tables of DataFlow's own schema are left out.
 */
final class CatalogCollector {

    /** Tables as the plan package's index issues name them: unqualified in public. */
    private static final String TABLE_NAME = "CASE WHEN s.schemaname = 'public' THEN s.relname ELSE s.schemaname || '.' || s.relname END";

    record Tables(List<ScanRatio> scans, List<TableStat> stats, List<Size> sizes) {
    }

    /** A table's bytes on disk: heap with TOAST and maps ({@code pg_table_size}) and all its indexes ({@code pg_indexes_size}). */
    record Size(String table, long tableBytes, long indexBytes) {
    }

    /** Sessions of this database other than the monitor's own. */
    record Activity(double longestTransactionS, double idleInTransactionS, int longRunningQueries, int connections, int maxConnections) {
    }

    private CatalogCollector() {
    }

    static Tables tables(Connection c) throws SQLException {
        List<ScanRatio> scans = new ArrayList<>();
        List<TableStat> stats = new ArrayList<>();
        List<Size> sizes = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + TABLE_NAME + ", s.seq_scan, coalesce(s.idx_scan, 0),"
                + " CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples END, s.n_live_tup, s.n_dead_tup,"
                + " s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze, pg_table_size(s.relid), pg_indexes_size(s.relid)"
                + " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.schemaname <> 'dataflow' ORDER BY 1")) {
            while (rs.next()) {
                String table = rs.getString(1);
                long seq = rs.getLong(2);
                long idx = rs.getLong(3);
                scans.add(new ScanRatio(table, seq, idx, seq + idx == 0 ? null : round((double) idx / (seq + idx))));
                double est = rs.getDouble(4);
                Double estimated = rs.wasNull() ? null : est;
                long live = rs.getLong(5);
                long dead = rs.getLong(6);
                Double error = estimated == null ? null : round(Math.max(estimated, live) / Math.max(1, Math.min(estimated, live)));
                if (estimated != null && Math.max(estimated, live) == 0) error = 1.0;
                stats.add(new TableStat(table, estimated, live, dead, live + dead == 0 ? 0 : round((double) dead / (live + dead)), error,
                        instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10))));
                sizes.add(new Size(table, rs.getLong(11), rs.getLong(12)));
            }
        }
        return new Tables(scans, stats, sizes);
    }

    static Activity activity(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT coalesce(extract(epoch FROM max(now() - xact_start)), 0)::float8,
                       coalesce(extract(epoch FROM max(now() - state_change) FILTER (WHERE state LIKE 'idle in transaction%')), 0)::float8,
                       count(*) FILTER (WHERE state = 'active' AND now() - query_start > interval '1 minute'),
                       (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                       current_setting('max_connections')::int
                  FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
            rs.next();
            return new Activity(round(rs.getDouble(1)), round(rs.getDouble(2)), rs.getInt(3), rs.getInt(4), rs.getInt(5));
        }
    }

    static long deadlocksTotal(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** PgHero's checks; each adds its metric points. Duplicate indexes come from the plan package (see the monitor). */
    static List<HealthCheck> health(Connection c, Activity activity, List<MetricPoint> points) throws SQLException {
        List<HealthCheck> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT sum(heap_blks_hit) + sum(coalesce(idx_blks_hit, 0)), sum(heap_blks_read) + sum(coalesce(idx_blks_read, 0))
                  FROM pg_statio_user_tables WHERE schemaname <> 'dataflow'""")) {
            rs.next();
            double hit = rs.getDouble(1);
            double read = rs.getDouble(2);
            if (hit + read == 0) {
                out.add(new HealthCheck("cache_hit_rate", "ok", null, "no table or index blocks read yet"));
            } else {
                double rate = round(hit / (hit + read));
                points.add(MetricPoint.of(MetricCatalog.CACHE_HIT_RATE, rate));
                out.add(new HealthCheck("cache_hit_rate", rate >= 0.99 ? "ok" : rate >= 0.95 ? "warning" : "critical", rate,
                        String.format("%.2f%% of blocks found in shared buffers%s", 100 * rate,
                                rate >= 0.99 ? "" : " (below 99%: the working set does not fit in shared_buffers, or queries read too much)")));
            }
        }
        double usage = round((double) activity.connections() / Math.max(1, activity.maxConnections()));
        points.add(MetricPoint.of(MetricCatalog.CONNECTION_USAGE, usage));
        out.add(new HealthCheck("connection_usage", usage < 0.7 ? "ok" : usage < 0.9 ? "warning" : "critical", usage,
                activity.connections() + " of max_connections " + activity.maxConnections() + " in use"));
        points.add(MetricPoint.of(MetricCatalog.LONG_RUNNING_QUERIES, activity.longRunningQueries()));
        out.add(new HealthCheck("long_running_queries", activity.longRunningQueries() == 0 ? "ok" : "warning", (double) activity.longRunningQueries(),
                activity.longRunningQueries() + " queries running for more than a minute"));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT age(datfrozenxid) FROM pg_database WHERE datname = current_database()")) {
            rs.next();
            long age = rs.getLong(1);
            double ratio = round(age / 2147483648.0);
            points.add(MetricPoint.of(MetricCatalog.WRAPAROUND, ratio));
            out.add(new HealthCheck("transaction_id_wraparound", ratio < 0.5 ? "ok" : ratio < 0.75 ? "warning" : "critical", ratio,
                    String.format("%,d transactions since the oldest unfrozen one (%.1f%% of the way to wraparound)", age, 100 * ratio)));
        }
        List<String> near = new ArrayList<>();
        double worst = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT ps.schemaname || '.' || ps.sequencename, ps.last_value::float8,
                       least(ps.max_value::float8, CASE t.typname WHEN 'int2' THEN 32767 WHEN 'int4' THEN 2147483647 ELSE 9223372036854775807 END)
                  FROM pg_sequences ps
                  JOIN pg_namespace n ON n.nspname = ps.schemaname
                  JOIN pg_class sc ON sc.relnamespace = n.oid AND sc.relname = ps.sequencename
                  LEFT JOIN pg_depend d ON d.objid = sc.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                                       AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                  LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                  LEFT JOIN pg_type t ON t.oid = a.atttypid
                 WHERE ps.last_value IS NOT NULL AND ps.schemaname <> 'dataflow'""")) {
            while (rs.next()) {
                double used = round(rs.getDouble(2) / rs.getDouble(3));
                points.add(new MetricPoint(MetricCatalog.SEQUENCE_USAGE, rs.getString(1), used));
                worst = Math.max(worst, used);
                if (used >= 0.9) near.add(rs.getString(1) + String.format(" (%.1f%%)", 100 * used));
            }
        }
        out.add(new HealthCheck("sequences_near_overflow", near.isEmpty() ? "ok" : "critical", worst, near.isEmpty()
                ? "no sequence past 90% of its maximum (or of its column's integer type)" : "past 90% of their maximum: " + String.join(", ", near)
                + " (move the column to bigint)"));
        List<String> invalid = names(c, """
                SELECT n.nspname || '.' || ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                  JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE NOT i.indisvalid ORDER BY 1""");
        points.add(MetricPoint.of(MetricCatalog.INVALID_INDEXES, invalid.size()));
        out.add(new HealthCheck("invalid_indexes", invalid.isEmpty() ? "ok" : "critical", (double) invalid.size(), invalid.isEmpty() ? "none"
                : String.join(", ", invalid) + ": left by a failed concurrent build; DROP INDEX CONCURRENTLY and create again, or REINDEX INDEX CONCURRENTLY"));
        List<String> constraints = names(c, """
                SELECT n.nspname || '.' || cl.relname || '.' || co.conname FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
                  JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE NOT co.convalidated ORDER BY 1""");
        points.add(MetricPoint.of(MetricCatalog.INVALID_CONSTRAINTS, constraints.size()));
        out.add(new HealthCheck("invalid_constraints", constraints.isEmpty() ? "ok" : "warning", (double) constraints.size(), constraints.isEmpty()
                ? "none" : String.join(", ", constraints) + ": added NOT VALID and never checked; ALTER TABLE ... VALIDATE CONSTRAINT"));
        return out;
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
