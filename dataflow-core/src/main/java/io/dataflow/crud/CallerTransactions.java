package io.dataflow.crud;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A transaction the calling application already runs on the current thread (Spring's
 * {@code @Transactional}, for one): DataFlow's CRUD then works on that transaction's connection and
 * neither commits nor rolls back, and what must wait for the end of the transaction (the cache's
 * write tickets) waits for it. Without one, each CRUD operation runs its own transaction.
 */
public interface CallerTransactions {

    /** Whether the current thread is inside a transaction of the caller's on this DataSource. */
    boolean active(DataSource dataSource);

    /** That transaction's connection (only called when {@link #active}). */
    Connection connection(DataSource dataSource) throws SQLException;

    /** Gives the connection back to the transaction (it stays open until the transaction ends). */
    void release(Connection connection, DataSource dataSource);

    /** Runs {@code action} once the caller's transaction has committed or rolled back. */
    void afterCompletion(Runnable action);

    /** No caller transactions: every operation commits its own. */
    CallerTransactions NONE = new CallerTransactions() {
        @Override
        public boolean active(DataSource dataSource) {
            return false;
        }

        @Override
        public Connection connection(DataSource dataSource) {
            throw new IllegalStateException("no caller transaction");
        }

        @Override
        public void release(Connection connection, DataSource dataSource) {
        }

        @Override
        public void afterCompletion(Runnable action) {
            action.run();
        }
    };
}
