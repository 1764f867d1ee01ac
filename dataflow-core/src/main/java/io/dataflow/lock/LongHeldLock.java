package io.dataflow.lock;

import java.util.List;

/**
 * A session that has held locks longer than the threshold. PostgreSQL does not record when a lock
 * was granted; locks last until the transaction ends, so the transaction's age is the hold time's bound.
 *
 * @param idleInTransaction the session sits idle with its transaction open (its locks wait on the application)
 * @param sessionLevel      no transaction is open: the locks are session-level advisory locks; ages count from its last state change
 * @param transactionAgeS   age of the open transaction (or of the idle session for session-level locks)
 * @param stateAgeS         time in the current state
 * @param locks             how many locks it holds (besides its own transaction ids)
 * @param held              up to ten of them, e.g. {@code RowExclusiveLock on products}
 * @param blocking          how many sessions wait for it
 */
public record LongHeldLock(int pid, String user, String application, String backendType, String state, boolean idleInTransaction,
                           boolean sessionLevel, double transactionAgeS, double stateAgeS, int locks, List<String> held, int blocking,
                           String query) {

    public LongHeldLock {
        held = List.copyOf(held);
    }
}
