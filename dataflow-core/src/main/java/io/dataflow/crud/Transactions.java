package io.dataflow.crud;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one transaction on a pooled connection: committed when the work returns, rolled back
 * when it throws. SQLExceptions leave as {@link CrudException}s naming the model and the operation.
 */
final class Transactions {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, java.io.IOException;
    }

    private final DataSource dataSource;
    private final String model;

    Transactions(DataSource dataSource, String model) {
        this.dataSource = dataSource;
        this.model = model;
    }

    <T> T run(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable t) {
                rollback(c, t);
                throw t;
            } finally {
                restore(c, autoCommit);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        } catch (java.io.IOException e) {
            throw new CrudException("model " + model + ": " + operation + " failed: " + e.getMessage(), null, e);
        }
    }

    private CrudException failure(String operation, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CrudException("model " + model + ": " + operation + " failed: " + message
                + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")") + "; nothing was changed", e.getSQLState(), e);
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restore(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // The pool resets auto-commit on return anyway; a broken connection is evicted there.
        }
    }
}
