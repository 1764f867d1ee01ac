package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Write rates measured, not inferred: two samples of pg_stat_user_tables an observation window
 * apart give each table's rows inserted and updated per second over that window. Cumulative counters
 * alone say nothing about a rate: they run from an unknown reset and a bulk load counts in them
 * like a year of traffic. Deletes are not counted: they add no index entries (vacuum removes them).
 */
final class WriteRates {

    private WriteRates() {
    }

    static Map<String, Double> measure(DataSource dataSource, Duration window) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            long t0 = System.nanoTime();
            Map<String, Long> first = sample(c);
            try {
                Thread.sleep(window.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanException("interrupted while observing write rates", null, e);
            }
            Map<String, Long> second = sample(c);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> out = new HashMap<>();
            second.forEach((table, n) -> out.put(table, Math.max(0, n - first.getOrDefault(table, n)) / seconds));
            return out;
        } catch (SQLException e) {
            throw new PlanException("cannot sample pg_stat_user_tables: " + e.getMessage(), null, e);
        }
    }

    /** Rows inserted and updated so far per table (a fresh snapshot: the session's cached one is cleared first). */
    private static Map<String, Long> sample(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
        }
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schemaname, relname, n_tup_ins + n_tup_upd FROM pg_stat_user_tables"
                + " WHERE schemaname <> 'dataflow'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(name(rs.getString(1), rs.getString(2)), rs.getLong(3));
        }
        return out;
    }

    /** A table as QueryShape names it: bare in public, else schema.name. */
    static String name(String schema, String table) {
        return "public".equals(schema) ? table : schema + "." + table;
    }

    /** {@code public.orders} and {@code orders} are one table. */
    static String normalize(String table) {
        return table.startsWith("public.") ? table.substring(7) : table;
    }
}
