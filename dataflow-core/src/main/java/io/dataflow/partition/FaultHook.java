package io.dataflow.partition;

/**
 * Called after each durable step of maintenance (for tests that stop the process there). Steps:
 * {@code exported}, {@code verified}, {@code detached}, and {@code dropping} (inside the DROP's
 * transaction, before it commits).
 */
@FunctionalInterface
public interface FaultHook {

    FaultHook NONE = (step, partition) -> { };

    void at(String step, String partition);
}
