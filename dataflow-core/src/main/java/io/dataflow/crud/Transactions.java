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

    /** What each write operation changes, for the hooks (reads are not listed). */
    private static final java.util.Map<String, java.util.Set<String>> WRITES = java.util.Map.of(
            "create", java.util.Set.of("insert"), "bulk create", java.util.Set.of("insert"),
            "update", java.util.Set.of("update"), "bulk update", java.util.Set.of("update"), "bulk update rows", java.util.Set.of("update"),
            "delete", java.util.Set.of("delete"), "bulk delete", java.util.Set.of("delete"),
            "bulk upsert", java.util.Set.of("insert", "update"));

    private final DataSource dataSource;
    private final String model;
    private final String table;
    private final CrudHooks hooks;
    private final CallerTransactions caller;

    Transactions(DataSource dataSource, String model) {
        this(dataSource, model, null, CrudHooks.NONE, CallerTransactions.NONE);
    }

    Transactions(DataSource dataSource, String model, String table, CrudHooks hooks, CallerTransactions caller) {
        this.dataSource = dataSource;
        this.model = model;
        this.table = table;
        this.hooks = hooks;
        this.caller = caller == null ? CallerTransactions.NONE : caller;
    }

    /** Whether work runs in the caller's transaction on this thread now. */
    boolean joined() {
        return caller.active(dataSource);
    }

    <T> T run(String operation, Work<T> work) {
        if (caller.active(dataSource)) return inCallerTransaction(operation, work);
        java.util.Set<String> ops = WRITES.get(operation);
        if (ops == null || table == null) return inTransaction(operation, work);
        // Opened before the transaction starts and closed after it ended: caches drop what it changed.
        try (AutoCloseable writing = hooks.writing(table, ops)) {
            return inTransaction(operation, work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CrudException("model " + model + ": " + operation + ": " + e.getMessage(), null, e);
        }
    }

    private <T> T inTransaction(String operation, Work<T> work) {
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

    /**
     * Joins the caller's transaction: its connection, no commit or rollback here (the caller's rollback
     * undoes this write too), and the cache's write ticket closes only when that transaction ended.
     */
    private <T> T inCallerTransaction(String operation, Work<T> work) {
        java.util.Set<String> ops = WRITES.get(operation);
        if (ops != null && table != null) {
            AutoCloseable writing = hooks.writing(table, ops);
            caller.afterCompletion(() -> {
                try {
                    writing.close();
                } catch (Exception e) {
                    throw new CrudException("model " + model + ": " + operation + ": " + e.getMessage(), null, e);
                }
            });
        }
        Connection c = null;
        try {
            c = caller.connection(dataSource);
            return work.run(c);
        } catch (SQLException e) {
            throw failure(operation, e, "; the caller's transaction decides what is kept");
        } catch (java.io.IOException e) {
            throw new CrudException("model " + model + ": " + operation + " failed: " + e.getMessage(), null, e);
        } finally {
            if (c != null) caller.release(c, dataSource);
        }
    }

    private io.dataflow.DataFlowException failure(String operation, SQLException e) {
        return failure(operation, e, "; nothing was changed");
    }

    private io.dataflow.DataFlowException failure(String operation, SQLException e, String outcome) {
        return io.dataflow.SqlErrors.translate("model " + model + ": " + operation, e, outcome, CrudException::new);
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
