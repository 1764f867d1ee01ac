package io.dataflow.lock;

import java.util.List;

/**
 * PostgreSQL never escalates row locks to table locks (row locks live in the rows, not in the lock
 * table), so escalation is reported as not applicable. What can run out is the shared lock table:
 * {@code max_locks_per_transaction × (max_connections + max_prepared_transactions)} slots; sessions
 * holding close to {@code max_locks_per_transaction} (e.g. touching many partitions) are flagged.
 *
 * @param applicable             always false on PostgreSQL
 * @param note                   why, in a sentence
 * @param maxLocksPerTransaction the setting
 * @param lockTableCapacity      the shared lock table's size in locks
 * @param locksInUse             locks in the shared lock table now (fast-path locks excluded)
 * @param flagAt                 the lock count from which a session is flagged
 * @param sessions               the flagged sessions, most locks first
 */
public record LockEscalations(boolean applicable, String note, int maxLocksPerTransaction, long lockTableCapacity, long locksInUse,
                              int flagAt, List<Session> sessions) {

    public LockEscalations {
        sessions = List.copyOf(sessions);
    }

    /**
     * @param locks         every lock it holds
     * @param inSharedTable those not on the fast path (they take shared lock table slots)
     * @param shareOfLimit  locks / max_locks_per_transaction
     */
    public record Session(int pid, String user, String state, int locks, int inSharedTable, double shareOfLimit, String query) {
    }
}
