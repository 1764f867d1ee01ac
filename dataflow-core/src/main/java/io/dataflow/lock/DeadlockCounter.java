package io.dataflow.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Deadlocks since the previous check: the increase of {@code pg_stat_database.deadlocks} for the
 * current database, with the log's account of them. One transaction holds the saved state's row
 * while it reads and writes it, so concurrent monitors never report the same deadlock twice.
 */
final class DeadlockCounter {

    private record Stats(long deadlocks, Instant reset) {
    }

    private final MonitorState state;

    DeadlockCounter(MonitorState state) {
        this.state = state;
    }

    DeadlockReport check(Connection c, String database, Instant now) throws SQLException {
        boolean persistent = state.persistent();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Optional<MonitorState.Saved> previous = state.memory(database);
            if (persistent) {
                try {
                    Optional<MonitorState.Saved> inMemory = previous;
                    previous = state.load(c, database).or(() -> inMemory); // the table's first check continues from memory
                } catch (SQLException e) {
                    c.rollback();
                    state.giveUpTable(e.getMessage());
                    persistent = false;
                }
            }
            Stats stats = stats(c);
            DeadlockLog.Result log = readLog(c, previous.map(MonitorState.Saved::log).orElse(null));
            MonitorState.Saved next = new MonitorState.Saved(stats.deadlocks(), stats.reset(), log.next(), now);
            if (persistent) state.save(c, database, next);
            state.remember(database, next);
            c.commit();
            return report(stats, previous.orElse(null), log.log());
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private DeadlockReport report(Stats stats, MonitorState.Saved previous, DeadlockReport.Log log) {
        if (previous == null) {
            String since = stats.reset() == null ? "" : " since statistics were reset at " + stats.reset();
            return new DeadlockReport(stats.deadlocks(), null, null, "first check: " + stats.deadlocks() + " deadlocks so far" + since
                    + "; this is the baseline the next check counts from", state.where(), log);
        }
        boolean reset = !Objects.equals(previous.statsReset(), stats.reset()) || stats.deadlocks() < previous.deadlocks();
        long since = reset ? stats.deadlocks() : stats.deadlocks() - previous.deadlocks();
        String note = reset ? "statistics were reset since the previous check; counted from the reset" : null;
        return new DeadlockReport(stats.deadlocks(), since, previous.checkedAt(), note, state.where(), log);
    }

    /** A log that cannot be read leaves the counts intact: its statements are undone back to a savepoint. */
    private static DeadlockLog.Result readLog(Connection c, DeadlockLog.Position previous) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            DeadlockLog.Result r = DeadlockLog.read(c, previous);
            c.releaseSavepoint(sp);
            return r;
        } catch (SQLException e) {
            c.rollback(sp);
            return new DeadlockLog.Result(DeadlockReport.Log.unreadable(DeadlockLog.failure(e)), previous);
        }
    }

    /** Statistics are cached per transaction: the snapshot is cleared first so the count is current. */
    private static Stats stats(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT deadlocks, stats_reset FROM pg_stat_database WHERE datname = current_database()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp reset = rs.getTimestamp(2);
            return new Stats(rs.getLong(1), reset == null ? null : reset.toInstant());
        }
    }
}
