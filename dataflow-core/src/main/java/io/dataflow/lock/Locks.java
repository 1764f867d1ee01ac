package io.dataflow.lock;

import io.dataflow.DataFlow;
import io.dataflow.crud.ModelRepository;
import io.dataflow.model.ModelSpec;
import java.util.Map;

/**
 * Lock monitoring and optimistic updates on one DataFlow ({@code db.locks()}).
 *
 * <pre>{@code
 * LockReport report = db.locks().monitor(LockMonitorOptions.defaults());
 * db.locks().update("Product", 7, Map.of("price", Map.of("$inc", 5)), UpdateOptions.of(Conflict.RETRY));
 * }</pre>
 */
public final class Locks {

    private final DataFlow db;
    private volatile LockMonitor monitor;

    public Locks(DataFlow db) {
        this.db = db;
    }

    /** One look at the server's locks: waits, wait graph, deadlocks since the last check, long holders, lock counts. */
    public LockReport monitor(LockMonitorOptions options) {
        return monitor().check(options);
    }

    /** The monitor, which remembers the last deadlock count and log position between checks. */
    public LockMonitor monitor() {
        LockMonitor m = monitor;
        if (m == null) {
            synchronized (this) {
                if (monitor == null) monitor = new LockMonitor(db.dataSource(), db.state());
                m = monitor;
            }
        }
        return m;
    }

    /**
     * Keeps the deadlock counter between checks in the state schema's {@code lock_monitor_state}
     * (created now, if missing), so that a check in another process counts from this one's. Without
     * it the counter lives in memory and a lock check writes nothing.
     */
    public Locks rememberInDatabase() {
        monitor().rememberInDatabase();
        return this;
    }

    public OptimisticUpdate update(Class<?> model, Object id, Map<String, ?> changes, Conflict conflict) {
        return update(ModelSpec.fromClass(model).name(), id, changes, UpdateOptions.of(conflict));
    }

    public OptimisticUpdate update(String model, Object id, Map<String, ?> changes, Conflict conflict) {
        return update(model, id, changes, UpdateOptions.of(conflict));
    }

    /**
     * Updates one row by id under its optimistic lock. {@code changes} maps columns to constants,
     * {@code {$inc: n}}, {@code {$mul: f}}, {@code {$set: v}}, {@link Change}s or Java functions of the
     * current value. Throws {@link UpdateConflict} when the conflict cannot be resolved,
     * {@link RowNotFound} when there is no such row, and a ConfigException for bad input (before any SQL).
     */
    public OptimisticUpdate update(String model, Object id, Map<String, ?> changes, UpdateOptions options) {
        ModelRepository repository = db.repository(model);
        UpdateRequest request = UpdateRequest.of(repository.model(), changes, options, "optimistic update of " + model, v -> false);
        return new OptimisticUpdater(repository).update(id, request);
    }
}
