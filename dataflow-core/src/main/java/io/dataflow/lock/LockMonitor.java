package io.dataflow.lock;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Looks at the locks of the database it is connected to, on one pooled connection: waits and who
 * causes them (pg_locks, pg_stat_activity, pg_blocking_pids), the wait graph, deadlocks since the
 * previous check, long-held locks and lock counts. Reading these views takes no locks on user tables;
 * only EXPLAIN of blocked queries does, under a short lock_timeout. Thread-safe; it remembers the
 * previous deadlock count, so keep one per database (as {@code db.locks()} does).
 */
public final class LockMonitor {

    private final DataSource dataSource;
    private final MonitorState state;
    private final DeadlockCounter deadlocks;

    public LockMonitor(DataSource dataSource, StateSchema state) {
        this.dataSource = dataSource;
        this.state = new MonitorState(state);
        this.deadlocks = new DeadlockCounter(this.state);
    }

    /** Keeps the deadlock counter in the state schema from now on (creating its table). */
    public void rememberInDatabase() {
        state.createTable();
    }

    private record Header(Instant now, String database, int serverVersion) {
    }

    public LockReport check(LockMonitorOptions o) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Header h = header(c);
            List<LockWait> reported = null;
            WaitGraph graph = null;
            if (o.tracks(LockMonitorOptions.Track.LOCK_WAITS)) {
                List<LockWait> all = LockWaitReader.read(c, h.serverVersion(), o.blockingQueries() || o.queryPlans());
                reported = new ArrayList<>();
                for (LockWait w : all) {
                    if (w.waitingMs() < o.waitTimeMs()) continue;
                    LockWait planned = o.queryPlans() ? w.withPlan(QueryPlans.explain(c, w.query())) : w;
                    reported.add(o.blockingQueries() ? planned : planned.withoutQueries());
                }
                if (o.waitGraphs()) graph = WaitGraph.of(o.blockingQueries() ? all : all.stream().map(LockWait::withoutQueries).toList());
            }
            DeadlockReport d = o.tracks(LockMonitorOptions.Track.DEADLOCKS) ? deadlocks.check(c, h.database(), h.now()) : null;
            List<LongHeldLock> held = o.tracks(LockMonitorOptions.Track.LONG_HELD_LOCKS)
                    ? LongHeldLockReader.read(c, o.holdTimeS(), o.blockingQueries()) : null;
            LockEscalations escalations = o.tracks(LockMonitorOptions.Track.LOCK_ESCALATIONS)
                    ? LockEscalationReader.read(c, o.blockingQueries()) : null;
            List<String> tracked = o.track().stream().map(LockMonitorOptions.Track::configName).toList();
            return new LockReport(h.now(), h.database(), tracked, reported, graph, d, held, escalations,
                    LockAlerts.of(reported, graph, d, held, escalations));
        } catch (SQLException e) {
            throw io.dataflow.SqlErrors.translate("lock check", e);
        }
    }

    private static Header header(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT now(), current_database(), current_setting('server_version_num')::int");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Header(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getInt(3));
        }
    }
}
