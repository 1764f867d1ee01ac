package io.dataflow.lock;

import java.util.List;

/**
 * A session waiting for a lock.
 *
 * @param pid       the waiting backend
 * @param state     pg_stat_activity.state
 * @param query     what it runs, or null when not captured
 * @param waitingMs how long it has waited (pg_locks.waitstart on PostgreSQL 14+, else since its query started)
 * @param mode      the lock mode it asked for, e.g. ShareLock
 * @param object    what it waits for
 * @param blockers  who it waits for
 * @param plan      the query's EXPLAIN, or null when plans are not captured
 */
public record LockWait(int pid, String user, String application, String state, String query, long waitingMs, String mode,
                       LockedObject object, List<Blocker> blockers, QueryPlan plan) {

    public LockWait {
        blockers = List.copyOf(blockers);
    }

    LockWait withPlan(QueryPlan value) {
        return new LockWait(pid, user, application, state, query, waitingMs, mode, object, blockers, value);
    }

    /** The same wait with no query text (capture.blocking_queries off). */
    LockWait withoutQueries() {
        List<Blocker> bs = blockers.stream().map(b -> new Blocker(b.pid(), b.user(), b.application(), b.state(), null,
                b.transactionAgeS(), b.waiting(), b.heldModes())).toList();
        return new LockWait(pid, user, application, state, null, waitingMs, mode, object, bs, plan);
    }
}
