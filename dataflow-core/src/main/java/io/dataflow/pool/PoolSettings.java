package io.dataflow.pool;

import io.dataflow.config.ConfigException;

/**
 * Pool sizing in the guide's terms.
 *
 * @param poolSize       connections kept open (HikariCP minimumIdle)
 * @param maxOverflow    extra connections opened under load (maximum = poolSize + maxOverflow)
 * @param timeoutSeconds how long a caller waits for a connection before failing
 */
public record PoolSettings(int poolSize, int maxOverflow, double timeoutSeconds) {

    public static final PoolSettings DEFAULT = new PoolSettings(5, 5, 30);

    public PoolSettings {
        if (poolSize < 0) throw new ConfigException("pool", "pool_size", "must be 0 or more, got " + poolSize);
        if (maxOverflow < 0) throw new ConfigException("pool", "pool_max_overflow", "must be 0 or more, got " + maxOverflow);
        if (poolSize + maxOverflow < 1) throw new ConfigException("pool", "pool_size", "pool_size + pool_max_overflow must be at least 1");
        if (timeoutSeconds < 0.25) throw new ConfigException("pool", "pool_timeout", "must be at least 0.25 seconds, got " + timeoutSeconds);
    }

    public int maximum() {
        return poolSize + maxOverflow;
    }

    public long timeoutMillis() {
        return Math.round(timeoutSeconds * 1000);
    }
}
