package io.dataflow.pool;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's AdaptivePoolManager: its time-of-day rule and three configs, plus measured demand
 * (utilization, waiting threads, acquisition p99 over a sliding window) that wins over the clock.
 * Never sizes above what the server can still serve; shrinks a step at a time, and Hikari closes
 * only idle connections, so no connection in use is closed. On a pool the application owns
 * ({@code DataFlow.open(dataSource)}) it samples and classifies but refuses to resize
 * ({@link #manages()} is false) unless the application opted in with {@code manageExternalPool(true)}.
 */
public final class AdaptivePoolManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AdaptivePoolManager.class.getName());

    private final DataFlow db;
    private final ConnectionPool pool;
    private final PoolProfiles profiles;
    private final DemandThresholds thresholds;
    private final DemandWindow window;
    private final List<PoolDecision> history = new ArrayList<>();
    private io.dataflow.schedule.BackgroundLoop executor;

    public AdaptivePoolManager(DataFlow db) {
        this(db, PoolProfiles.guide(), DemandThresholds.DEFAULT, 12);
    }

    public AdaptivePoolManager(DataFlow db, PoolProfiles profiles, DemandThresholds thresholds, int windowSamples) {
        this.db = db;
        this.pool = db.connectionPool();
        this.profiles = profiles;
        this.thresholds = thresholds;
        this.window = new DemandWindow(windowSamples);
    }

    /** False on an application's pool that DataFlow was not allowed to manage: then it only measures. */
    public boolean manages() {
        return pool.managed();
    }

    /** Takes one sample of demand into the window. */
    public DemandSample sample() {
        PoolStats s = pool.stats();
        AcquisitionTimes.Summary acquired = pool.acquisitions().drain();
        DemandSample sample = new DemandSample(s.maximum() == 0 ? 0 : (double) s.active() / s.maximum(), s.threadsWaiting(),
                acquired.p99Ms(), acquired.acquisitions());
        window.add(sample);
        return sample;
    }

    /** The guide's rule on db.clock(): weekdays 9-17 peak, 0-6 maintenance, else normal. */
    public Workload byClock() {
        LocalDateTime now = LocalDateTime.now(db.clock());
        int hour = now.getHour();
        boolean weekday = now.getDayOfWeek().compareTo(DayOfWeek.SATURDAY) < 0;
        if (hour >= 9 && hour <= 17 && weekday) return Workload.PEAK;
        if (hour <= 6) return Workload.MAINTENANCE;
        return Workload.NORMAL;
    }

    /** The guide's analyze_workload(): the measurement when the window has enough samples, else the clock. */
    public Workload analyzeWorkload() {
        return window.classify(thresholds).orElse(byClock());
    }

    /** The guide's optimize_pool(): applies the workload's profile within the server's limit, and logs why. */
    public synchronized PoolDecision optimizePool() {
        pool.requireManaged("resize");
        sample();
        Workload clock = byClock();
        Workload measured = window.classify(thresholds).orElse(null);
        Workload workload = measured != null ? measured : clock;
        PoolStats now = pool.stats();
        int limit = serverLimit(now);
        PoolSettings wanted = profiles.of(workload);
        PoolSettings target = clamp(wanted, limit);
        PoolSettings applied = step(now, target);
        StringBuilder reason = new StringBuilder(workload.configName());
        if (measured == null) reason.append(" by the clock (").append(window.count()).append(" samples are too few to measure)");
        else if (measured != clock) reason.append(" measured, overriding the clock's ").append(clock.configName());
        else reason.append(" by clock and measurement");
        reason.append("; ").append(window.describe());
        if (target.maximum() < wanted.maximum()) {
            reason.append("; the ").append(profiles.fromGuide() ? "guide's " : "").append(workload.configName()).append(" config (")
                    .append(wanted.poolSize()).append('+').append(wanted.maxOverflow()).append(") exceeds the server limit of ")
                    .append(limit).append(", clamped to ").append(target.maximum());
        }
        if (applied.maximum() != target.maximum()) reason.append("; shrinking gradually: ").append(now.maximum()).append(" -> ")
                .append(applied.maximum()).append(" of target ").append(target.maximum());
        pool.reconfigure(applied, () -> limit);
        PoolDecision decision = new PoolDecision(workload, clock, measured, target, applied, limit, reason.toString());
        history.add(decision);
        LOG.log(System.Logger.Level.INFO, "pool " + now.maximum() + " -> " + applied.maximum() + ": " + decision.reason());
        return decision;
    }

    public synchronized List<PoolDecision> history() {
        return List.copyOf(history);
    }

    /** max_connections less reserved, less what other clients hold now (our own connections stay ours to resize). */
    int serverLimit(PoolStats ours) {
        try (Connection c = pool.untracked().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")) {
            rs.next();
            int others = Math.max(0, rs.getInt(1) - pool.stats().total());
            return Math.max(1, db.capabilities().connectionLimit() - others);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read the server's connections: " + e.getMessage(), e);
        }
    }

    static PoolSettings clamp(PoolSettings s, int limit) {
        if (s.maximum() <= limit) return s;
        int size = Math.min(s.poolSize(), limit);
        return new PoolSettings(size, limit - size, s.timeoutSeconds());
    }

    /** Grows at once (callers are waiting); shrinks by at most a quarter per run so a brief lull does not drop the pool. */
    static PoolSettings step(PoolStats now, PoolSettings target) {
        if (target.maximum() >= now.maximum()) return target;
        int max = Math.max(target.maximum(), now.maximum() - Math.max(1, now.maximum() / 4));
        int size = Math.min(Math.max(target.poolSize(), Math.min(now.minimumIdle(), max)), max);
        return new PoolSettings(size, max - size, target.timeoutSeconds());
    }

    /** Samples every tick and optimizes every {@code optimizeEvery} ticks, in the background, until closed. */
    public synchronized void start(Duration tick, int optimizeEvery) {
        pool.requireManaged("run an adaptive sizing loop on"); // refused now, not later in the background
        if (executor != null) return;
        long[] ticks = {0};
        executor = io.dataflow.schedule.BackgroundLoop.start("dataflow-adaptive-pool", tick, tick, "adaptive pool run", () -> {
            if (++ticks[0] % Math.max(1, optimizeEvery) == 0) optimizePool();
            else sample();
        });
    }

    @Override
    public synchronized void close() {
        if (executor != null) executor.close();
        executor = null;
    }
}
