package io.dataflow.pool;

import io.dataflow.DataFlowException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The statement cache of a DataFlow's pool: applies settings, exposes the tracking and
 * deallocates unused statements in the background when asked to.
 */
public final class PreparedStatements implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PreparedStatements.class.getName());

    private final ConnectionPool pool;
    private final UnusedStatementSweeper sweeper;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> sweeping;

    public PreparedStatements(ConnectionPool pool) {
        this.pool = pool;
        this.sweeper = new UnusedStatementSweeper(pool, Clock.systemUTC());
    }

    /** Applies the settings; {@code detectPgBouncer} first checks whether a transaction-pooling proxy sits in between. */
    public synchronized StatementCacheSettings configure(StatementCacheSettings settings, boolean detectPgBouncer) {
        StatementCacheSettings effective = settings;
        if (detectPgBouncer && !settings.pgbouncerTransactionMode()) {
            try {
                if (PgBouncerDetector.transactionPooling(pool.untracked())) {
                    LOG.log(System.Logger.Level.INFO, "transaction pooling detected (the server backend changes between transactions):"
                            + " prepareThreshold=0, no named server-side statements");
                    effective = new StatementCacheSettings(settings.cacheSize(), settings.cacheSizeMib(), settings.prepareThreshold(),
                            settings.trackUsage(), settings.evictionPolicy(), settings.deallocateSeconds(), true);
                }
            } catch (SQLException e) {
                throw new DataFlowException("cannot check for a transaction-pooling PgBouncer: " + e.getMessage(), e);
            }
        }
        pool.applyStatementCache(effective);
        schedule(effective.deallocateSeconds());
        return effective;
    }

    public StatementCacheSettings settings() {
        return pool.statementCacheSettings();
    }

    public StatementTracker tracker() {
        return pool.statementTracker();
    }

    /** One sweep now with the configured threshold (0 when deallocation is off). */
    public int deallocateUnused() {
        double threshold = settings().deallocateSeconds();
        if (threshold <= 0) return 0;
        try {
            return sweeper.sweep(threshold);
        } catch (SQLException e) {
            throw new DataFlowException("deallocating unused prepared statements failed: " + e.getMessage(), e);
        }
    }

    private void schedule(double thresholdSeconds) {
        if (sweeping != null) sweeping.cancel(false);
        sweeping = null;
        if (thresholdSeconds <= 0) return;
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dataflow-statement-sweeper");
                t.setDaemon(true);
                return t;
            });
        }
        // Sweeping at half the threshold keeps a statement at most 1.5 thresholds past its last use.
        long period = Math.max(500, Math.round(thresholdSeconds * 500));
        sweeping = executor.scheduleWithFixedDelay(() -> {
            try {
                deallocateUnused();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "statement sweep failed: " + e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) executor.shutdownNow();
    }
}
