package io.dataflow.cache;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import io.dataflow.pool.PoolStats;
import io.dataflow.schedule.Schedule;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The guide's CacheWarmerNode: named queries re-run on a schedule (jobs of the scheduler, so they
 * survive restarts and run once across instances), each run replacing its entry atomically.
 * {@code priority: low} warms on at most one connection at a time and waits while the pool is busy
 * (no idle connection, or threads waiting for one), so warming never competes with production.
 */
public final class CacheWarmer {

    /** The scheduled node each job runs. */
    public static final String WARM_NODE = "CacheWarmNode";
    /** Longest a low-priority warm waits for a quiet pool before it gives up this time. */
    static final Duration LOW_PRIORITY_PATIENCE = Duration.ofSeconds(30);

    public enum Priority { LOW, NORMAL }

    /** One of the guide's {@code queries}. */
    public record WarmQuery(String name, String query, String schedule) {
    }

    /**
     * What one warming did.
     *
     * @param name   the query's name
     * @param job    its scheduler job, or null when warmed without one
     * @param rows   rows stored, or -1 when nothing was stored
     * @param status stored, skipped (why) or failed (why)
     * @param millis how long it took
     */
    public record WarmResult(String name, String job, int rows, String status, long millis) {
    }

    private static final Map<QueryCache, Semaphore> LOW_LANES = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final DataFlow db;

    public CacheWarmer(DataFlow db) {
        this.db = db;
    }

    public static String jobName(String name) {
        return "cache_warm:" + name;
    }

    /** Registers a job per query and warms every query once now (in parallel when asked). */
    public List<WarmResult> register(List<WarmQuery> queries, boolean parallel, Priority priority) {
        requireCache();
        for (WarmQuery q : queries) Schedule.parse(q.schedule(), "CacheWarmerNode query " + q.name(), "schedule");
        List<String> jobs = new ArrayList<>();
        for (WarmQuery q : queries) {
            jobs.add(db.scheduler().register(jobName(q.name()), q.schedule(), WARM_NODE,
                    Map.of("name", q.name(), "query", q.query(), "schedule_ttl", ttlFor(q.schedule()).toSeconds(),
                            "priority", priority.name().toLowerCase(java.util.Locale.ROOT)), null).name());
        }
        List<WarmResult> out = new ArrayList<>();
        if (parallel && queries.size() > 1) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(queries.size(), 4));
            try {
                List<Future<WarmResult>> futures = new ArrayList<>();
                for (int i = 0; i < queries.size(); i++) {
                    WarmQuery q = queries.get(i);
                    String job = jobs.get(i);
                    futures.add(pool.submit(() -> warm(q.name(), job, q.query(), ttlFor(q.schedule()), priority)));
                }
                for (Future<WarmResult> f : futures) out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataFlowException("warming was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new DataFlowException("warming failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        } else {
            for (int i = 0; i < queries.size(); i++) {
                WarmQuery q = queries.get(i);
                out.add(warm(q.name(), jobs.get(i), q.query(), ttlFor(q.schedule()), priority));
            }
        }
        return out;
    }

    /** Runs one query and stores its result now. Entries live for the query's rule TTL, else {@code fallbackTtl}. */
    public WarmResult warm(String name, String job, String query, Duration fallbackTtl, Priority priority) {
        QueryCache cache = requireCache();
        long start = System.nanoTime();
        Semaphore lane = priority == Priority.LOW ? LOW_LANES.computeIfAbsent(cache, k -> new Semaphore(1)) : null;
        try {
            if (lane != null) {
                lane.acquire();
                if (!waitForQuietPool()) return new WarmResult(name, job, -1, "skipped: the pool stayed busy", ms(start));
            }
            int rows = cache.warm(query, Map.of(), fallbackTtl, this::connection);
            return new WarmResult(name, job, rows, rows >= 0 ? "stored" : "skipped: cache unavailable or a write under way", ms(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WarmResult(name, job, -1, "skipped: interrupted", ms(start));
        } finally {
            if (lane != null) lane.release();
        }
    }

    private Connection connection() {
        try {
            return db.dataSource().getConnection();
        } catch (SQLException e) {
            throw new DataFlowException("warming cannot get a connection: " + e.getMessage(), e);
        }
    }

    /** Waits until the pool has an idle connection and nobody waiting; false when it stayed busy. */
    private boolean waitForQuietPool() throws InterruptedException {
        long deadline = System.nanoTime() + LOW_PRIORITY_PATIENCE.toNanos();
        while (true) {
            PoolStats stats;
            try {
                stats = db.poolStats();
            } catch (DataFlowException e) {
                return true; // an application pool DataFlow cannot see: do not wait blind
            }
            boolean busy = stats.threadsWaiting() > 0 || (stats.idle() == 0 && stats.active() >= stats.maximum());
            if (!busy) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(25);
        }
    }

    /** Twice the schedule's period: an entry outlives the gap until the next warm. */
    static Duration ttlFor(String schedule) {
        Schedule s = Schedule.parse(schedule, "CacheWarmerNode", "schedule");
        if (s.isOnce()) return Duration.ofHours(1);
        Instant first = s.next(Instant.now());
        Instant second = s.next(first);
        return Duration.between(first, second).multipliedBy(2);
    }

    private QueryCache requireCache() {
        if (!db.cache().enabled()) {
            throw new ConfigException("CacheWarmerNode", "cache_config", "the cache is off: open DataFlow with a cache_config (enabled: true)");
        }
        return db.cache();
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
