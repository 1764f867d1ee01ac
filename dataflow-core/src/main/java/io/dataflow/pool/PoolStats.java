package io.dataflow.pool;

/**
 * A snapshot of the connection pool, the guide's {@code get_pool_stats()}.
 *
 * @param active             connections in use
 * @param idle               connections open and waiting to be used
 * @param total              connections open
 * @param threadsWaiting     threads waiting for a connection
 * @param maximum            the most connections the pool may open (pool_size + pool_max_overflow)
 * @param minimumIdle        connections kept open when idle (pool_size)
 * @param timeoutMillis      how long a caller waits for a connection (pool_timeout)
 * @param connectionTimeouts callers that gave up waiting, since the pool started
 */
public record PoolStats(int active, int idle, int total, int threadsWaiting, int maximum, int minimumIdle,
                        long timeoutMillis, long connectionTimeouts) {
}
