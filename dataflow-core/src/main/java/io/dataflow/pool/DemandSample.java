package io.dataflow.pool;

/**
 * The pool's demand at one moment.
 *
 * @param utilization    active connections / maximum
 * @param threadsWaiting callers waiting for a connection
 * @param p99AcquireMs   p99 of acquisition times since the previous sample
 * @param acquisitions   how many acquisitions that p99 covers
 */
public record DemandSample(double utilization, int threadsWaiting, double p99AcquireMs, int acquisitions) {
}
