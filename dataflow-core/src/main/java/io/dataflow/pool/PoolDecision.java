package io.dataflow.pool;

/**
 * One run of {@link AdaptivePoolManager#optimizePool()}.
 *
 * @param workload     what the manager acted on
 * @param byClock      what the guide's time-of-day rule says
 * @param measured     what the measured demand says, or null with too few samples
 * @param target       the profile for the workload, clamped to the limit
 * @param applied      what the pool was set to (a step towards target when shrinking)
 * @param serverLimit  max_connections less reserved less other clients' connections
 * @param reason       why, in words (also logged)
 */
public record PoolDecision(Workload workload, Workload byClock, Workload measured, PoolSettings target, PoolSettings applied,
                           int serverLimit, String reason) {
}
