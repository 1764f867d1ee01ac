package io.dataflow.lock;

import java.time.Instant;
import java.util.List;

/**
 * One lock check. Sections not tracked are null.
 *
 * @param checkedAt       when the check ran (server time)
 * @param database        the database checked; sessions of other databases are not reported
 * @param tracked         what was tracked
 * @param lockWaits       sessions waiting at least wait_time_ms, longest first
 * @param waitGraph       who waits for whom, over every current wait (so a chain is never cut by the threshold)
 * @param deadlocks       deadlocks since the previous check
 * @param longHeldLocks   transactions holding locks at least hold_time_s, oldest first
 * @param lockEscalations not applicable on PostgreSQL; sessions close to max_locks_per_transaction
 * @param alerts          one line per finding, for people and logs
 */
public record LockReport(Instant checkedAt, String database, List<String> tracked, List<LockWait> lockWaits, WaitGraph waitGraph,
                         DeadlockReport deadlocks, List<LongHeldLock> longHeldLocks, LockEscalations lockEscalations, List<String> alerts) {

    public LockReport {
        tracked = List.copyOf(tracked);
        alerts = List.copyOf(alerts);
    }
}
