package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * Work in one transaction that is always rolled back, under a statement timeout: how DataFlow runs
 * statements it only wants to measure, and what-if indexes it must never leave behind.
 */
final class RolledBack {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private RolledBack() {
    }

    static <T> T run(DataSource dataSource, Duration timeout, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                timeout(c, timeout);
                return work.run(c);
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new PlanException("the database refused: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), null, e);
        }
    }

    /** SET LOCAL statement_timeout: ends with the transaction, so a pooled connection keeps its own setting. */
    static void timeout(Connection c, Duration timeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            ps.setString(1, Long.toString(Math.max(1, timeout.toMillis())));
            ps.execute();
        }
    }

    /** Whether the server cancelled the statement (statement_timeout, or a cancel request). */
    static boolean isTimeout(SQLException e) {
        return "57014".equals(e.getSQLState());
    }

    /** The 1-based position the server reported for an error, or 0. */
    static int position(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) return p.getServerErrorMessage().getPosition();
        return 0;
    }
}
