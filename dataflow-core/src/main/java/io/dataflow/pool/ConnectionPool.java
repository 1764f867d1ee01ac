package io.dataflow.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * The HikariCP pool behind a DataFlow, with live resizing in the guide's terms
 * ({@code reconfigure_pool(pool_size, pool_max_overflow, pool_timeout)}).
 */
public final class ConnectionPool implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean owned;
    private final AtomicLong timeouts;

    private ConnectionPool(HikariDataSource dataSource, boolean owned, AtomicLong timeouts) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.timeouts = timeouts;
    }

    public static ConnectionPool create(String jdbcUrl, String user, String password, PoolSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(settings.maximum());
        config.setMinimumIdle(settings.poolSize());
        config.setConnectionTimeout(settings.timeoutMillis());
        config.addDataSourceProperty("ApplicationName", "dataflow");
        AtomicLong timeouts = new AtomicLong();
        config.setMetricsTrackerFactory(countingTimeouts(timeouts));
        try {
            return new ConnectionPool(new HikariDataSource(config), true, timeouts);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new DataFlowException("cannot connect to " + jdbcUrl + ": " + root.getMessage(), e);
        }
    }

    /** Wraps a pool the application owns: stats and resizing work, but closing leaves it open. */
    public static ConnectionPool wrap(HikariDataSource dataSource) {
        return new ConnectionPool(dataSource, false, null);
    }

    private static MetricsTrackerFactory countingTimeouts(AtomicLong timeouts) {
        return (poolName, poolStats) -> new IMetricsTracker() {
            @Override
            public void recordConnectionTimeout() {
                timeouts.incrementAndGet();
            }
        };
    }

    /** Where the pool connects, with its credentials: for client programs (pg_repack) that connect on their own. */
    public io.dataflow.connect.ConnectionUrl connectionUrl() {
        return new io.dataflow.connect.ConnectionUrl(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public PoolStats stats() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        HikariConfigMXBean config = dataSource.getHikariConfigMXBean();
        if (pool == null) throw new DataFlowException("the pool has not started yet");
        return new PoolStats(pool.getActiveConnections(), pool.getIdleConnections(), pool.getTotalConnections(),
                pool.getThreadsAwaitingConnection(), config.getMaximumPoolSize(), config.getMinimumIdle(),
                config.getConnectionTimeout(), timeouts == null ? -1 : timeouts.get());
    }

    /**
     * Applies new sizing live. Refuses a maximum the server cannot serve.
     *
     * @param serverLimit max_connections less the connections reserved for superusers
     */
    public void reconfigure(PoolSettings settings, IntSupplier serverLimit) {
        int limit = serverLimit.getAsInt();
        if (settings.maximum() > limit) {
            throw new ConfigException("pool", "pool_size", "pool_size + pool_max_overflow = " + settings.maximum()
                    + " exceeds what the server accepts: max_connections less superuser_reserved_connections is " + limit
                    + " (and other clients need some of those); lower the pool or raise max_connections");
        }
        HikariConfigMXBean config = dataSource.getHikariConfigMXBean();
        // Hikari requires minimumIdle <= maximumPoolSize at every moment, so order the two changes.
        if (settings.maximum() >= config.getMaximumPoolSize()) {
            config.setMaximumPoolSize(settings.maximum());
            config.setMinimumIdle(settings.poolSize());
        } else {
            config.setMinimumIdle(settings.poolSize());
            config.setMaximumPoolSize(settings.maximum());
        }
        config.setConnectionTimeout(settings.timeoutMillis());
    }

    @Override
    public void close() {
        if (owned) dataSource.close();
    }
}
