package io.dataflow.pool;

import io.dataflow.config.ConfigException;
import java.util.Properties;

/**
 * The statement cache of every pooled connection, as pgjdbc's data source properties.
 *
 * @param cacheSize          statements kept per connection (pgjdbc preparedStatementCacheQueries)
 * @param cacheSizeMib       memory bound of that cache per connection (preparedStatementCacheSizeMiB)
 * @param prepareThreshold   executions before pgjdbc switches to a named server-side statement
 * @param trackUsage         whether DataFlow counts executions per statement
 * @param evictionPolicy     only {@code lru}: pgjdbc's cache is an LRU
 * @param deallocateSeconds  DEALLOCATE statements unused this long; 0 turns it off
 * @param pgbouncerTransactionMode no named statements (prepareThreshold 0): they do not survive a transaction-pooling PgBouncer
 */
public record StatementCacheSettings(int cacheSize, int cacheSizeMib, int prepareThreshold, boolean trackUsage,
                                     String evictionPolicy, double deallocateSeconds, boolean pgbouncerTransactionMode) {

    public static final String WHERE = "PreparedStatementNode";
    /** pgjdbc's own defaults. */
    public static final StatementCacheSettings DEFAULT = new StatementCacheSettings(256, 5, 5, true, "lru", 0, false);

    public StatementCacheSettings {
        if (cacheSize < 1) throw new ConfigException(WHERE, "cache_size", "must be 1 or more, got " + cacheSize);
        if (cacheSizeMib < 1) throw new ConfigException(WHERE, "cache_size_mib", "must be 1 or more, got " + cacheSizeMib);
        if (prepareThreshold < 0) throw new ConfigException(WHERE, "prepare_threshold", "must be 0 or more, got " + prepareThreshold);
        if (!"lru".equals(evictionPolicy)) {
            throw new ConfigException(WHERE, "eviction_policy", "'" + evictionPolicy + "' is not supported; accepted: lru"
                    + " (pgjdbc's per-connection cache evicts the least recently used statement)");
        }
        if (deallocateSeconds < 0 || Double.isNaN(deallocateSeconds)) {
            throw new ConfigException(WHERE, "deallocate_unused.threshold", "must be 0 or more seconds, got " + deallocateSeconds);
        }
    }

    /** The threshold pgjdbc really uses: 0 behind a transaction-pooling PgBouncer. */
    public int effectivePrepareThreshold() {
        return pgbouncerTransactionMode ? 0 : prepareThreshold;
    }

    /** The pgjdbc connection properties; autosave=conservative re-prepares after DDL changed a cached plan's result type. */
    public Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", Integer.toString(effectivePrepareThreshold()));
        p.setProperty("preparedStatementCacheQueries", Integer.toString(cacheSize));
        p.setProperty("preparedStatementCacheSizeMiB", Integer.toString(cacheSizeMib));
        p.setProperty("autosave", "conservative");
        return p;
    }
}
