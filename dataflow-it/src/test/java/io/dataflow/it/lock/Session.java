package io.dataflow.it.lock;

import io.dataflow.it.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One database session on its own thread, as a second application would hold it: statements that
 * block on a lock run there ({@link #async}) while the test goes on watching.
 */
final class Session implements AutoCloseable {

    private final TestDatabase db;
    private final Connection connection;
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lock-it-session");
        t.setDaemon(true);
        return t;
    });
    private final int pid;

    Session(TestDatabase db, String application) throws SQLException {
        this.db = db;
        connection = db.connect();
        exec("SET application_name = '" + application + "'");
        pid = Integer.parseInt(query("SELECT pg_backend_pid()"));
    }

    int pid() {
        return pid;
    }

    Session begin() throws SQLException {
        connection.setAutoCommit(false);
        return this;
    }

    void exec(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    String query(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs a statement on the session's thread; the future completes when it stops waiting. */
    CompletableFuture<Void> async(String sql) {
        return last = CompletableFuture.runAsync(() -> {
            try {
                exec(sql);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, thread);
    }

    /** As {@link #async(String)}, with bind parameters (the query pg_stat_activity shows has $1, $2). */
    CompletableFuture<Void> asyncPrepared(String sql, Object... params) {
        return last = CompletableFuture.runAsync(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                ps.execute();
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, thread);
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    /** Rolls back through the session's thread, after whatever it runs now. */
    CompletableFuture<Void> rollbackAsync() {
        return CompletableFuture.runAsync(() -> {
            try {
                connection.rollback();
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, thread);
    }

    /** A session still blocked in a statement is ended by the server (closing its socket would not wake a backend waiting on a lock). */
    @Override
    public void close() throws SQLException {
        if (!last.isDone()) db.execute("SELECT pg_terminate_backend(" + pid + ")");
        thread.shutdownNow();
        connection.close();
    }
}
