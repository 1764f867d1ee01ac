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
    /** Whether DataFlow may resize it: always its own pool, an application's only when the application opted in. */
    private final boolean managed;
    private final AtomicLong timeouts;
    private final ReconfigurableDriverSource driver;
    private final io.dataflow.connect.ConnectionUrl url;
    private final StatementTracker tracker = new StatementTracker(java.time.Clock.systemUTC());
    private final DataSource tracked;
    private volatile StatementCacheSettings statementCache = StatementCacheSettings.DEFAULT;
    private AcquisitionTimes acquisitions = new AcquisitionTimes();

    private ConnectionPool(HikariDataSource dataSource, boolean owned, boolean managed, AtomicLong timeouts,
                           ReconfigurableDriverSource driver, io.dataflow.connect.ConnectionUrl url) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.managed = managed;
        this.timeouts = timeouts;
        this.driver = driver;
        this.url = url;
        this.tracked = driver == null ? dataSource : TrackingDataSource.wrap(dataSource, tracker);
    }

    public static ConnectionPool create(String jdbcUrl, String user, String password, PoolSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        // Our own driver source, not setJdbcUrl: Hikari seals driver properties, and the statement cache changes them live.
        java.util.Properties properties = StatementCacheSettings.DEFAULT.driverProperties();
        properties.setProperty("ApplicationName", "dataflow");
        ReconfigurableDriverSource driver = new ReconfigurableDriverSource(jdbcUrl, user, password, properties);
        config.setDataSource(driver);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(settings.maximum());
        config.setMinimumIdle(settings.poolSize());
        config.setConnectionTimeout(settings.timeoutMillis());
        AtomicLong timeouts = new AtomicLong();
        AcquisitionTimes acquisitions = new AcquisitionTimes();
        config.setMetricsTrackerFactory(countingTimeouts(timeouts, acquisitions));
        try {
            ConnectionPool pool = new ConnectionPool(new HikariDataSource(config), true, true, timeouts, driver,
                    new io.dataflow.connect.ConnectionUrl(jdbcUrl, user, password));
            pool.acquisitions = acquisitions;
            return pool;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new DataFlowException("cannot connect to " + jdbcUrl + ": " + root.getMessage(), e);
        }
    }

    /** Wraps a pool the application owns: statistics only; resizing is refused and closing leaves it open. */
    public static ConnectionPool wrap(HikariDataSource dataSource) {
        return wrap(dataSource, false);
    }

    /**
     * Wraps a pool the application owns; {@code manage} lets DataFlow resize it too (the application's explicit
     * choice, {@code DataFlow.configure().dataSource(ds).manageExternalPool(true)}). Closing always leaves it open.
     */
    public static ConnectionPool wrap(HikariDataSource dataSource, boolean manage) {
        return new ConnectionPool(dataSource, false, manage, null, null, null);
    }

    /** True when DataFlow may resize this pool: its own, or an application's whose owner opted in. */
    public boolean managed() {
        return managed;
    }

    private static MetricsTrackerFactory countingTimeouts(AtomicLong timeouts, AcquisitionTimes acquisitions) {
        return (poolName, poolStats) -> new IMetricsTracker() {
            @Override
            public void recordConnectionTimeout() {
                timeouts.incrementAndGet();
            }

            @Override
            public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                acquisitions.record(elapsedAcquiredNanos);
            }
        };
    }

    /** How long callers waited for connections since the last drain; empty for a pool DataFlow does not manage. */
    public AcquisitionTimes acquisitions() {
        return acquisitions;
    }

    /** Where the pool connects, with its credentials: for client programs (pg_repack) that connect on their own. */
    public io.dataflow.connect.ConnectionUrl connectionUrl() {
        return url != null ? url : new io.dataflow.connect.ConnectionUrl(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
    }

    /** What DataFlow's code uses: the pool, with prepared-statement executions counted. */
    public DataSource dataSource() {
        return tracked;
    }

    /** The pool without tracking, for DataFlow's own housekeeping queries. */
    DataSource untracked() {
        return dataSource;
    }

    public StatementTracker statementTracker() {
        return tracker;
    }

    public StatementCacheSettings statementCacheSettings() {
        return statementCache;
    }

    /**
     * New statement-cache settings: new connections get them; idle connections are closed now and
     * busy ones when they are returned (Hikari's soft eviction), so no query is interrupted.
     */
    public void applyStatementCache(StatementCacheSettings settings) {
        if (driver == null) {
            throw new DataFlowException("the statement cache is set through pgjdbc's connection properties, which DataFlow can only"
                    + " change on a pool it manages; set prepareThreshold / preparedStatementCacheQueries on your own DataSource");
        }
        java.util.Properties properties = settings.driverProperties();
        properties.setProperty("ApplicationName", "dataflow");
        boolean changed = !settings.driverProperties().equals(statementCache.driverProperties());
        driver.properties(properties);
        tracker.configure(settings.trackUsage(), settings.cacheSize());
        statementCache = settings;
        if (changed) {
            HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
            if (pool != null) pool.softEvictConnections();
            tracker.forgetConnections();
        }
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
        requireManaged("resize");
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

    /** Refuses to change a pool the application owns unless it opted in; nothing is changed. */
    void requireManaged(String what) {
        if (!managed) {
            throw new DataFlowException("DataFlow does not " + what + " the pool '" + dataSource.getPoolName() + "': it belongs to the"
                    + " application (DataFlow.open(dataSource)), so DataFlow only reads its statistics. Size it in your own"
                    + " configuration, or let DataFlow manage it: DataFlow.configure().dataSource(ds).manageExternalPool(true).open()");
        }
    }

    @Override
    public void close() {
        if (owned) dataSource.close();
    }
}
