package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A workload from pg_stat_statements: this database's queries and DML with the most total execution
 * time, each weighted by its calls (the advisor minimizes calls x planner cost). The calls were counted
 * since pg_stat_statements was last reset (pg_stat_statements_info, PostgreSQL 14+): that is the
 * workload's period, so write rates are charged over the same time as the reads and the DML.
 */
final class StatStatements {

    private StatStatements() {
    }

    static Workload read(DataSource dataSource, int limit) {
        try (Connection c = dataSource.getConnection()) {
            String time = column(c, "total_exec_time") ? "total_exec_time" : "total_time";
            List<WorkloadQuery> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.query, s.calls, s.queryid FROM pg_stat_statements s"
                    + " JOIN pg_database d ON d.oid = s.dbid AND d.datname = current_database()"
                    + " WHERE s.calls > 0 AND s.query ~* '^\\s*(\\(\\s*)*(select|with|insert|update|delete|merge)\\M'"
                    + " AND s.query !~* 'pg_stat_statements|pg_catalog\\.|information_schema\\.|\\mEXPLAIN\\M'"
                    + " ORDER BY s." + time + " DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new WorkloadQuery(rs.getString(1), rs.getLong(2), "pg_stat_statements:" + rs.getLong(3)));
                }
            }
            if (out.isEmpty()) throw new PlanException("pg_stat_statements has no queries for this database yet");
            return new Workload(out, period(c), java.util.Map.of(), List.of());
        } catch (SQLException e) {
            throw new PlanException("cannot read pg_stat_statements (CREATE EXTENSION pg_stat_statements, and preload it with"
                    + " shared_preload_libraries): " + e.getMessage(), null, e);
        }
    }

    /** Time since pg_stat_statements was last reset, or null when the server does not say (before 14). */
    static java.time.Duration period(Connection c) throws SQLException {
        if (resetAt(c) == null) return null;
        try (PreparedStatement ps = c.prepareStatement("SELECT extract(epoch FROM clock_timestamp() - stats_reset) FROM pg_stat_statements_info");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return java.time.Duration.ofMillis(Math.max(1, (long) (rs.getDouble(1) * 1000))); // the server's clock, not the JVM's
        }
    }

    static Instant resetAt(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('pg_stat_statements_info') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stats_reset FROM pg_stat_statements_info");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    private static boolean column(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('pg_stat_statements')"
                + " AND attname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
