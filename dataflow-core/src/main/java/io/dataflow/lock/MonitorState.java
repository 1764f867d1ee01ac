package io.dataflow.lock;

import io.dataflow.state.StateFeature;
import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the lock monitor remembers between checks, per database: in memory, and in the state schema's
 * {@code lock_monitor_state} when that table exists ({@link Locks#rememberInDatabase()} creates it), so
 * that a check in a new process still reports "since the last check". A check never creates it: a lock
 * report is a read-only call.
 */
final class MonitorState {

    /** The previous check's counter, statistics reset time, log position and time. */
    record Saved(long deadlocks, Instant statsReset, DeadlockLog.Position log, Instant checkedAt) {
    }

    private final StateSchema schema;
    private final Map<String, Saved> memory = new ConcurrentHashMap<>();
    private volatile String unavailable;

    MonitorState(StateSchema schema) {
        this.schema = schema;
    }

    /** Whether the table can be used; if not, why is kept for {@link #where()}. */
    boolean persistent() {
        if (unavailable != null) return false;
        if (schema.installed(StateFeature.LOCKS)) return true;
        unavailable = "not created; Locks.rememberInDatabase() creates it";
        return false;
    }

    /** Creates the table (DDL, the caller's explicit choice) and uses it from the next check on. */
    void createTable() {
        schema.ensure(StateFeature.LOCKS);
        unavailable = null;
    }

    void giveUpTable(String reason) {
        unavailable = reason;
    }

    String where() {
        String table = schema.table("lock_monitor_state");
        return unavailable == null ? table : "memory (" + table + " is not usable: " + unavailable + ")";
    }

    Optional<Saved> memory(String database) {
        return Optional.ofNullable(memory.get(database));
    }

    void remember(String database, Saved saved) {
        memory.put(database, saved);
    }

    /** The saved row, locked until the transaction ends, so two monitors never count the same deadlock twice. */
    Optional<Saved> load(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT deadlocks, stats_reset, log_file, log_offset, checked_at FROM " + schema.table("lock_monitor_state")
                + " WHERE database = ? FOR UPDATE")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Timestamp reset = rs.getTimestamp(2);
                String file = rs.getString(3);
                long offset = rs.getLong(4);
                DeadlockLog.Position log = file == null || rs.wasNull() ? null : new DeadlockLog.Position(file, offset);
                return Optional.of(new Saved(rs.getLong(1), reset == null ? null : reset.toInstant(), log, rs.getTimestamp(5).toInstant()));
            }
        }
    }

    void save(Connection c, String database, Saved s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.table("lock_monitor_state") + " (database, deadlocks, stats_reset, log_file, log_offset, checked_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (database) DO UPDATE SET deadlocks = EXCLUDED.deadlocks,"
                + " stats_reset = EXCLUDED.stats_reset, log_file = EXCLUDED.log_file, log_offset = EXCLUDED.log_offset,"
                + " checked_at = EXCLUDED.checked_at")) {
            ps.setString(1, database);
            ps.setLong(2, s.deadlocks());
            ps.setTimestamp(3, s.statsReset() == null ? null : Timestamp.from(s.statsReset()));
            ps.setString(4, s.log() == null ? null : s.log().file());
            if (s.log() == null) ps.setNull(5, java.sql.Types.BIGINT);
            else ps.setLong(5, s.log().offset());
            ps.setTimestamp(6, Timestamp.from(s.checkedAt()));
            ps.executeUpdate();
        }
    }
}
