package io.dataflow.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads pg_stat_statements for the current database and turns its cumulative counters into the
 * change since the previous collection. The previous counters live in
 * {@code dataflow.monitor_statement_counters}, so a restart (or another instance) continues where the
 * last collection stopped; a counter that went down means pg_stat_statements was reset, and then
 * the counter itself is the change. The very first collection only records counters.
 * Catalog and DataFlow's own statements are left out: the monitor reports on the application's.
 */
final class StatementCollector {

    /** A statement's counters, cumulative or as a change. */
    record Counters(long queryid, String query, long calls, double totalMs, long rows, long blksHit, long blksRead, double planMs) {
        Counters minus(Counters before) {
            return new Counters(queryid, query, calls - before.calls, totalMs - before.totalMs, rows - before.rows,
                    blksHit - before.blksHit, blksRead - before.blksRead, planMs - before.planMs);
        }

        double meanMs() {
            return calls == 0 ? 0 : totalMs / calls;
        }
    }

    /**
     * @param available whether pg_stat_statements could be read
     * @param note      how to enable it, or null
     * @param first     true when there was no previous collection: {@code statements} are then cumulative
     * @param statements the change per statement (only those called), or cumulative counters on the first collection
     */
    record Result(boolean available, String note, boolean first, List<Counters> statements) {
    }

    private static final long LOCK_KEY = 0x44466d6f6e697472L; // "DFmonitr"

    static final String APPLICATION_ONLY = "s.query ~* '^\\s*(\\(\\s*)*(select|with|insert|update|delete|merge)\\M'"
            + " AND s.query !~* '(pg_stat_|pg_catalog\\.|information_schema\\.|\\mdataflow\\.|pg_locks|\\mpg_class\\M|\\mpg_index\\M"
            + "|pg_namespace|pg_database|pg_settings|pg_extension|pg_sequences?\\M|pg_constraint|pg_blocking_pids|pg_read_file|pg_advisory"
            + "|pg_backend_pid|pg_relation_size|pg_total_relation_size|current_setting|\\mEXPLAIN\\M"
            // DataFlow's own reads and settings (the dashboard marks and bounds its sessions with set_config)
            + "|pg_statio_|\\mset_config\\M|\\mcurrent_database\\(\\)|pg_available_extensions|\\mpg_attribute\\M|\\mpg_type\\M"
            + "|pg_cancel_backend|pg_terminate_backend)'";

    private StatementCollector() {
    }

    static Result collect(Connection c, Instant now) throws SQLException {
        String schema = extensionSchema(c);
        if (schema == null) return new Result(false, howToEnable(c), false, List.of());
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // instances sharing a database take turns: the second subtracts the counters the first just saved
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            }
            Result r = collectLocked(c, schema, now);
            c.commit();
            return r;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Result collectLocked(Connection c, String schema, Instant now) throws SQLException {
        Map<Long, Counters> current = read(c, schema);
        Map<Long, Counters> previous = previous(c);
        boolean first = previous.isEmpty();
        List<Counters> out = new ArrayList<>();
        for (Counters now0 : current.values()) {
            if (first) {
                if (now0.calls > 0) out.add(now0);
                continue;
            }
            Counters before = previous.get(now0.queryid);
            Counters delta = before == null || now0.calls < before.calls ? now0 : now0.minus(before);
            if (delta.calls > 0) out.add(delta);
        }
        save(c, current.values(), first ? List.of() : out, now);
        return new Result(true, null, first, out);
    }

    static String extensionSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** What to do, depending on whether the library is preloaded already. */
    static String howToEnable(Connection c) throws SQLException {
        boolean preloaded;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('shared_preload_libraries')")) {
            rs.next();
            preloaded = rs.getString(1) != null && rs.getString(1).contains("pg_stat_statements");
        }
        String after = "; until then top and slow queries, baselines and slow_query_spike are not available (everything else is collected)";
        return preloaded
                ? "pg_stat_statements is loaded but not installed in this database: run CREATE EXTENSION pg_stat_statements" + after
                : "pg_stat_statements is not enabled: add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf"
                + " (or ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'), restart PostgreSQL, then run"
                + " CREATE EXTENSION pg_stat_statements in this database" + after;
    }

    private static Map<Long, Counters> read(Connection c, String schema) throws SQLException {
        boolean v13 = c.getMetaData().getDatabaseMajorVersion() >= 13;
        String exec = v13 ? "s.total_exec_time" : "s.total_time";
        String plan = v13 ? "s.total_plan_time" : "0";
        String sql = "SELECT s.queryid, min(s.query), sum(s.calls)::bigint, sum(" + exec + "), sum(s.rows)::bigint, sum(s.shared_blks_hit)::bigint,"
                + " sum(s.shared_blks_read)::bigint, sum(" + plan + ") FROM " + io.dataflow.sql.Identifiers.quote(schema) + ".pg_stat_statements s"
                + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.queryid IS NOT NULL AND "
                + APPLICATION_ONLY + " GROUP BY s.queryid";
        Map<Long, Counters> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Counters(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getDouble(8)));
            }
        }
        return out;
    }

    private static Map<Long, Counters> previous(Connection c) throws SQLException {
        Map<Long, Counters> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT queryid, calls, total_ms, rows, shared_blks_hit, shared_blks_read, plan_ms FROM dataflow.monitor_statement_counters")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Counters(rs.getLong(1), null, rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getDouble(7)));
            }
        }
        return out;
    }

    /** Counters replaced, the change appended to the history, texts kept once (in the caller's transaction). */
    private static void save(Connection c, java.util.Collection<Counters> current, List<Counters> deltas, Instant now) throws SQLException {
        Timestamp at = Timestamp.from(now);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM dataflow.monitor_statement_counters");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataflow.monitor_statement_counters"
                + " (queryid, calls, total_ms, rows, shared_blks_hit, shared_blks_read, plan_ms, sampled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Counters k : current) {
                bind(ps, k, 1);
                ps.setTimestamp(8, at);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataflow.monitor_query_samples"
                + " (queryid, calls, total_ms, rows, shared_blks_hit, shared_blks_read, plan_ms, sampled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement text = c.prepareStatement("INSERT INTO dataflow.monitor_queries (queryid, query, last_seen) VALUES (?, ?, ?)"
                     + " ON CONFLICT (queryid) DO UPDATE SET last_seen = excluded.last_seen")) {
            for (Counters k : deltas) {
                bind(ps, k, 1);
                ps.setTimestamp(8, at);
                ps.addBatch();
                text.setLong(1, k.queryid);
                text.setString(2, k.query);
                text.setTimestamp(3, at);
                text.addBatch();
            }
            ps.executeBatch();
            text.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, Counters k, int from) throws SQLException {
        ps.setLong(from, k.queryid);
        ps.setLong(from + 1, k.calls);
        ps.setDouble(from + 2, k.totalMs);
        ps.setLong(from + 3, k.rows);
        ps.setLong(from + 4, k.blksHit);
        ps.setLong(from + 5, k.blksRead);
        ps.setDouble(from + 6, k.planMs);
    }
}
