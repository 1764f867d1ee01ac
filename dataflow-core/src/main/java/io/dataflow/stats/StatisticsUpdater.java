package io.dataflow.stats;

import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs planned updates: each table's ALTER and ANALYZE in one transaction (so a failed ANALYZE does
 * not leave new targets behind), then reads back what is now in effect.
 */
final class StatisticsUpdater {

    // The effective target of the analyzed columns (NULL on 17, -1 before, both mean the default).
    private static final String AFTER = """
            SELECT c.reltuples::bigint,
                   max(coalesce(nullif(a.attstattarget::int, -1), current_setting('default_statistics_target')::int))
              FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
               AND c.relname = ? AND a.attname = ANY (?)
             GROUP BY c.reltuples
            """;

    private final DataSource dataSource;

    StatisticsUpdater(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<TableUpdate> run(List<TablePlan> plans) {
        List<TableUpdate> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (TablePlan plan : plans) out.add(run(c, plan));
            return out;
        } catch (SQLException e) {
            throw new DataFlowException("statistics update failed after " + out.size() + " of " + plans.size()
                    + " tables (" + done(out) + "): " + e.getMessage(), e);
        }
    }

    private static TableUpdate run(Connection c, TablePlan plan) throws SQLException {
        long start = System.nanoTime();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : plan.statements()) st.execute(sql);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("table " + plan.table() + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        try (PreparedStatement ps = c.prepareStatement(AFTER)) {
            ps.setString(1, plan.table());
            ps.setArray(2, c.createArrayOf("text", plan.columns().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                long rows = 0;
                int target = 0;
                if (rs.next()) {
                    rows = rs.getLong(1);
                    target = rs.getInt(2);
                }
                return new TableUpdate(plan.table(), plan.columns(), target, TableUpdate.rowsSampled(target, rows), Math.max(rows, 0),
                        ms, plan.statements());
            }
        }
    }

    private static String done(List<TableUpdate> done) {
        return done.isEmpty() ? "none done" : "done: " + String.join(", ", done.stream().map(TableUpdate::table).toList());
    }
}
