package io.dataflow.pool;

/**
 * When measured demand counts as peak or as quiet.
 *
 * @param busyUtilization   mean utilization at or above which the pool is busy
 * @param quietUtilization  mean utilization at or below which (and no waiting) it is quiet
 * @param slowAcquireMs     a p99 acquisition time at or above this is busy too
 * @param minSamples        samples needed before the measurement overrides the clock
 */
public record DemandThresholds(double busyUtilization, double quietUtilization, double slowAcquireMs, int minSamples) {

    public static final DemandThresholds DEFAULT = new DemandThresholds(0.8, 0.3, 50, 3);
}
