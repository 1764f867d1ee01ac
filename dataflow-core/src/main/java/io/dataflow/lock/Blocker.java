package io.dataflow.lock;

import java.util.List;

/**
 * A session that a waiter waits for (from {@code pg_blocking_pids()}).
 *
 * @param pid             the backend pid; 0 is a prepared transaction
 * @param state           pg_stat_activity.state (idle in transaction is the classic culprit)
 * @param query           its current or last query, or null when not captured
 * @param transactionAgeS how long its transaction has been open, or null
 * @param waiting         whether it waits for a lock itself (so it is not a root blocker)
 * @param heldModes       the lock modes it holds on the object waited for; empty when it is only queued ahead
 */
public record Blocker(int pid, String user, String application, String state, String query, Double transactionAgeS, boolean waiting,
                      List<String> heldModes) {

    public Blocker {
        heldModes = List.copyOf(heldModes);
    }
}
