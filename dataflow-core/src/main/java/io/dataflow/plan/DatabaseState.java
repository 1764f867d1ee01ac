package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What the statistics views say about the database's state: resets, the server's start, each table's analyze history. */
final class DatabaseState {

    /** One table's planner statistics. */
    record Table(String table, double rows, Instant lastAnalyzed, Long modifiedSinceAnalyze, boolean neverAnalyzed) {
    }

    private DatabaseState() {
    }

    static Instant statsReset(Connection c) throws SQLException {
        return instant(c, "SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()");
    }

    static Instant serverStarted(Connection c) throws SQLException {
        return instant(c, "SELECT pg_postmaster_start_time()");
    }

    /**
     * Never analyzed: no column statistics while the table has rows, or reltuples still -1 (never
     * vacuumed nor analyzed, PostgreSQL 14+). A freshly loaded table is like that until autovacuum
     * gets to it; the planner then guesses selectivities.
     */
    static List<Table> tables(Connection c, Collection<String> tables) throws SQLException {
        List<Table> out = new ArrayList<>();
        for (String t : tables) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT k.reltuples, greatest(s.last_analyze, s.last_autoanalyze), s.n_mod_since_analyze,
                           k.reltuples < 0 OR (k.reltuples > 0 AND NOT EXISTS (SELECT 1 FROM pg_stats st WHERE st.schemaname = n.nspname
                                                                               AND st.tablename = k.relname))
                      FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
                      LEFT JOIN pg_stat_user_tables s ON s.relid = k.oid
                     WHERE k.oid = to_regclass(?) AND k.relkind IN ('r', 'm')""")) {
                ps.setString(1, Catalog.regclass(t));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) continue;
                    Timestamp analyzed = rs.getTimestamp(2);
                    Long modified = rs.getObject(3) == null ? null : rs.getLong(3);
                    out.add(new Table(t, rs.getDouble(1), analyzed == null ? null : analyzed.toInstant(), modified, rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    private static Instant instant(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null;
        }
    }
}
