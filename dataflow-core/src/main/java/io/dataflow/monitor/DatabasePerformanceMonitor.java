package io.dataflow.monitor;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.lock.LockMonitorOptions;
import io.dataflow.lock.LockReport;
import io.dataflow.lock.LockWait;
import io.dataflow.maintenance.BloatReport;
import io.dataflow.maintenance.BloatRequest;
import io.dataflow.maintenance.BloatThresholds;
import io.dataflow.maintenance.RelationBloat;
import io.dataflow.monitor.MonitorReport.HealthCheck;
import io.dataflow.monitor.MonitorReport.IndexUsage;
import io.dataflow.monitor.MonitorReport.LockStatistics;
import io.dataflow.monitor.MonitorReport.QueryPerformance;
import io.dataflow.monitor.MonitorReport.QueryStat;
import io.dataflow.monitor.MonitorReport.SlowQueryPlan;
import io.dataflow.monitor.MonitorReport.TableStatistics;
import io.dataflow.plan.IndexIssue;
import io.dataflow.plan.PlanNode;
import io.dataflow.plan.QueryPlan;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.MaintenanceWindow;
import io.dataflow.schedule.Schedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's DatabasePerformanceMonitor ({@code db.monitor()}): collects its four metric groups and
 * PgHero's health checks into {@code dataflow.monitor_*} (history with retention, so baselines
 * survive restarts), judges the alert rules, keeps one open alert per cause, delivers fired and
 * resolved events to its sinks, and publishes everything as Micrometer gauges (a Prometheus scrape
 * endpoint with {@link #serve}). It reads statistics views and catalogs only; the one thing it may
 * change is what an alert's action asks for (schedule_reindex registers a scheduler job).
 *
 * <pre>{@code
 * DatabasePerformanceMonitor monitor = db.monitor();
 * monitor.addSink(event -> pager.send(event.alert().message()));
 * MonitorReport report = monitor.collect();          // or monitor.start(Duration.ofSeconds(15))
 * }</pre>
 */
public final class DatabasePerformanceMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabasePerformanceMonitor.class);
    /** Indexes smaller than this are not judged for bloat: estimates are rough there and rebuilding gains nothing. */
    static final long MIN_BLOAT_INDEX_BYTES = 1 << 20;

    private final DataFlow db;
    private final Clock clock;
    private volatile MonitorConfig config = MonitorConfig.guide();
    private final List<AlertSink> sinks = new CopyOnWriteArrayList<>();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private MonitorMeters meters;
    private PrometheusMeterRegistry prometheus;
    private final List<PrometheusEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private io.dataflow.schedule.BackgroundLoop loop;
    // unused/duplicate indexes and bloat are measured every slow_metrics_interval, reported in between from here
    private Instant slowCollectedAt;
    private List<IndexIssue> indexIssues = List.of();
    private List<RelationBloat> bloat;
    private Instant purgedAt;
    // statement baselines (medians over days of samples), recomputed every slow_metrics_interval
    private Map<Long, QueryHistory.Baseline> baselines;
    private Instant baselinesAt;

    public DatabasePerformanceMonitor(DataFlow db) {
        this(db, db.clock());
    }

    public DatabasePerformanceMonitor(DataFlow db, Clock clock) {
        if (!"postgresql".equals(db.dialect())) throw new DataFlowException("DatabasePerformanceMonitor reads PostgreSQL's statistics views; this is " + db.dialect());
        this.db = db;
        this.clock = clock;
    }

    public MonitorConfig config() {
        return config;
    }

    /** The config {@link #collect()} and {@link #start} use. */
    public DatabasePerformanceMonitor configure(MonitorConfig value) {
        this.config = value;
        return this;
    }

    /** A Java callback (or any sink) for fired and resolved events, besides the config's log and webhook. */
    public DatabasePerformanceMonitor addSink(AlertSink sink) {
        sinks.add(sink);
        return this;
    }

    public boolean removeSink(AlertSink sink) {
        return sinks.remove(sink);
    }

    /** Publishes the collected metrics to a Micrometer registry (any number may be bound). */
    public synchronized DatabasePerformanceMonitor bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (meters != null) meters.bindTo(registry);
        return this;
    }

    /** The Prometheus registry the scrape endpoint serves, created and bound on first use. */
    public synchronized PrometheusMeterRegistry prometheusRegistry() {
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            bindTo(prometheus);
            if (db.cache().enabled()) db.cache().bindTo(prometheus); // the query cache's stats on the same scrape
        }
        return prometheus;
    }

    /**
     * Serves {@code GET /metrics} at {@code address} (use 127.0.0.1 unless the network should read it). Collects
     * first when nothing has been collected yet, so the first scrape already carries the metrics: a scraper that
     * comes early would otherwise record an empty answer as the state of the database.
     */
    public PrometheusEndpoint serve(InetSocketAddress address) {
        PrometheusMeterRegistry registry = prometheusRegistry();
        if (!collected()) {
            try {
                collect();
            } catch (RuntimeException e) {
                log.warn("the first collection before serving metrics failed, serving what the next one collects: {}", e.getMessage());
            }
        }
        PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, address);
        endpoints.add(endpoint);
        return endpoint;
    }

    /**
     * Collects every {@code interval} in the background until {@link #stop()}. The scheduler's cron
     * ticks are whole minutes; for those, give the node a {@code schedule} instead (persisted, and run
     * once across instances). This loop is for sub-minute intervals such as the 15 s of a scrape.
     */
    public synchronized void start(Duration interval) {
        if (loop != null) return;
        loop = io.dataflow.schedule.BackgroundLoop.start("dataflow-monitor", Duration.ZERO, interval, "monitor collection", this::collect);
    }

    public synchronized void stop() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }

    @Override
    public void close() {
        stop();
        endpoints.forEach(PrometheusEndpoint::close);
        endpoints.clear();
    }

    public MonitorReport collect() {
        return collect(config);
    }

    /** Alerts open now. */
    public List<Alert> openAlerts() {
        return withState(c -> AlertBook.open(db.state(), c));
    }

    /** Alerts fired or resolved since {@code since}, and every open one. */
    public List<Alert> alerts(Instant since) {
        return withState(c -> AlertBook.since(db.state(), c, since));
    }

    /** One collection with {@code cfg}: one at a time per monitor. */
    public synchronized MonitorReport collect(MonitorConfig cfg) {
        db.state().ensure(io.dataflow.state.StateFeature.MONITOR); // history and alerts: the monitor's own tables
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        List<MetricPoint> points = new ArrayList<>();
        Set<String> collected = new HashSet<>();
        List<String> notes = new ArrayList<>();
        List<AlertEvent> events = new ArrayList<>();
        String database;
        QueryPerformance queries = null;
        IndexUsage indexes = null;
        TableStatistics tables = null;
        LockStatistics locks = null;
        List<HealthCheck> health = List.of();
        List<Alert> open;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            database = currentDatabase(c);
            Map<Long, QueryHistory.Window> windows = null;
            if (cfg.queryPerformance().enabled()) {
                QueryResult q = section(notes, "query_performance", () -> queries(c, cfg, now, points, collected));
                if (q != null) {
                    queries = q.report;
                    windows = q.windows;
                    if (!queries.available()) notes.add(queries.note());
                }
            }
            CatalogCollector.Tables t = cfg.indexUsage().enabled() || cfg.tableStatistics().enabled()
                    ? section(notes, "pg_stat_user_tables", () -> CatalogCollector.tables(c)) : null;
            boolean slowDue = slowCollectedAt == null || !now.isBefore(slowCollectedAt.plus(cfg.slowMetricsInterval()));
            if (slowDue) measureSlowMetrics(cfg, notes, now);
            if (cfg.indexUsage().enabled()) indexes = indexUsage(cfg, t, slowDue, points, collected);
            if (cfg.tableStatistics().enabled() && t != null) tables = tableStatistics(cfg, t, points, collected);
            CatalogCollector.Activity activity = section(notes, "pg_stat_activity", () -> CatalogCollector.activity(c));
            if (cfg.lockStatistics().enabled()) locks = lockStatistics(c, cfg, activity, now, points, collected, notes);
            if (cfg.healthChecks() && activity != null) {
                List<HealthCheck> checks = section(notes, "health checks", () -> CatalogCollector.health(c, activity, points));
                health = new ArrayList<>(checks == null ? List.of() : checks);
                collected.addAll(List.of(MetricCatalog.CACHE_HIT_RATE, MetricCatalog.CONNECTION_USAGE, MetricCatalog.LONG_RUNNING_QUERIES,
                        MetricCatalog.WRAPAROUND, MetricCatalog.SEQUENCE_USAGE, MetricCatalog.INVALID_INDEXES, MetricCatalog.INVALID_CONSTRAINTS));
                if (slowCollectedAt != null) health.add(duplicates(points, collected));
            }
            // statements have their own history; per-table, per-index and per-sequence values are kept at the slow
            // cadence (they are many, and trends over minutes need no 15 s resolution), database-wide ones every time
            List<MetricPoint> history = points.stream().filter(p -> !p.metric().startsWith("query_") && (p.subject().isEmpty() || slowDue)).toList();
            SampleStore.save(db.state(), c, history, now);
            Map<String, String> indexTables = new HashMap<>();
            if (bloat != null) bloat.forEach(b -> indexTables.put(b.name(), b.table()));
            for (AlertRule rule : cfg.alerts()) {
                RuleEvaluator.Verdict v = rule.isSpike()
                        ? (windows == null ? RuleEvaluator.Verdict.skipped() : RuleEvaluator.spike(rule, windows))
                        : RuleEvaluator.fixed(rule, points, collected);
                if (v.evaluated()) events.addAll(judge(c, cfg, rule, v, windows, points, indexTables, now, database));
            }
            open = AlertBook.open(db.state(), c);
            if (purgedAt == null || now.isAfter(purgedAt.plus(Duration.ofHours(1))) || now.isBefore(purgedAt)) {
                SampleStore.purge(db.state(), c, now.minus(cfg.retention()));
                purgedAt = now;
            }
        } catch (SQLException e) {
            throw new DataFlowException("monitor collection failed: " + e.getMessage(), e);
        }
        deliver(cfg, events);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        meters(database).update(points, collected, cfg.alerts(), open, took);
        return new MonitorReport(now, database, queries, indexes, tables, locks, health, events, open, notes, took.toNanos() / 1e6);
    }

    private record QueryResult(QueryPerformance report, Map<Long, QueryHistory.Window> windows) {
    }

    private QueryResult queries(Connection c, MonitorConfig cfg, Instant now, List<MetricPoint> points, Set<String> collected) throws SQLException {
        MonitorConfig.QueryOptions o = cfg.queryPerformance();
        StatementCollector.Result r = StatementCollector.collect(db.state(), c, now);
        if (!r.available()) return new QueryResult(new QueryPerformance(false, r.note(), null, List.of(), List.of(), o.thresholdMs(), List.of()), null);
        AlertRule spike = cfg.alerts().stream().filter(AlertRule::isSpike).findFirst().orElse(AlertRule.guide().get(0));
        Map<Long, QueryHistory.Window> windows = null;
        if (!r.first()) {
            if (baselines == null || !now.isBefore(baselinesAt.plus(cfg.slowMetricsInterval())) || now.isBefore(baselinesAt)) {
                baselines = QueryHistory.baselines(db.state(), c, now.minus(spike.window()), spike.baseline());
                baselinesAt = now;
            }
            windows = QueryHistory.windows(db.state(), c, now, spike.window(), baselines);
        }
        List<QueryStat> stats = new ArrayList<>();
        for (StatementCollector.Counters k : r.statements()) {
            QueryHistory.Window w = windows == null ? null : windows.get(k.queryid());
            stats.add(new QueryStat(k.queryid(), k.query(), k.calls(), round(k.totalMs()), round(k.meanMs()), k.rows(), k.blksHit(), k.blksRead(),
                    round(k.planMs()), w == null || w.baselineMs() == null ? null : round(w.baselineMs())));
        }
        List<QueryStat> top = stats.stream().sorted(Comparator.comparingDouble(QueryStat::totalMs).reversed()).limit(cfg.topQueries()).toList();
        List<QueryStat> slow = !o.slowQueryLog() ? List.of()
                : stats.stream().filter(s -> s.meanMs() > o.thresholdMs()).sorted(Comparator.comparingDouble(QueryStat::meanMs).reversed()).toList();
        List<SlowQueryPlan> plans = new ArrayList<>();
        if (o.explainSlowQueries()) {
            List<QueryStat> toExplain = (o.slowQueryLog() ? slow : stats.stream().filter(s -> s.meanMs() > o.thresholdMs())
                    .sorted(Comparator.comparingDouble(QueryStat::meanMs).reversed()).toList());
            toExplain.stream().limit(o.explainLimit()).forEach(s -> plans.add(explain(s)));
        }
        for (QueryStat s : top) {
            points.add(new MetricPoint(MetricCatalog.QUERY_MEAN_TIME_MS, Long.toString(s.queryid()), s.meanMs()));
            points.add(new MetricPoint(MetricCatalog.QUERY_CALLS, Long.toString(s.queryid()), s.calls()));
        }
        points.add(MetricPoint.of(MetricCatalog.SLOW_QUERIES, stats.stream().filter(s -> s.meanMs() > o.thresholdMs()).count()));
        collected.addAll(List.of(MetricCatalog.QUERY_MEAN_TIME_MS, MetricCatalog.QUERY_CALLS, MetricCatalog.SLOW_QUERIES));
        String interval = r.first() ? "since pg_stat_statements was reset (first collection: the next one reports the change)"
                : "since the previous collection";
        return new QueryResult(new QueryPerformance(true, null, interval, top, slow, o.thresholdMs(), plans), windows);
    }

    /** The plan analyzer on the statement's generic plan; its scans say at a glance whether an index is used. */
    private SlowQueryPlan explain(QueryStat s) {
        try {
            QueryPlan plan = db.plans().genericPlan(s.query());
            List<String> scans = new ArrayList<>();
            for (PlanNode n : plan.plan().flatten()) {
                if (n.nodeType().contains("Scan")) scans.add(n.label() + (n.filter() == null ? "" : " filter " + n.filter())
                        + (n.indexCond() == null ? "" : " cond " + n.indexCond()));
            }
            return new SlowQueryPlan(s.queryid(), s.query(), s.meanMs(), plan.totalCost(), scans, plan.findings(), null);
        } catch (RuntimeException e) {
            return new SlowQueryPlan(s.queryid(), s.query(), s.meanMs(), null, List.of(), List.of(), e.getMessage());
        }
    }

    private void measureSlowMetrics(MonitorConfig cfg, List<String> notes, Instant now) {
        if (cfg.indexUsage().unusedIndexes() || cfg.healthChecks()) {
            List<IndexIssue> issues = section(notes, "index issues", () -> db.plans().indexIssues());
            if (issues != null) indexIssues = issues;
        }
        if (cfg.indexUsage().indexBloat()) {
            double ratio = cfg.alerts().stream().filter(r -> r.metric().equals(MetricCatalog.INDEX_BLOAT)).mapToDouble(r -> r.threshold().factor())
                    .filter(f -> f > 1).min().orElse(BloatThresholds.GUIDE.indexBloatRatio());
            BloatRequest request = new BloatRequest(List.of(), new BloatThresholds(BloatThresholds.GUIDE.tableBloatRatio(), ratio,
                    BloatThresholds.GUIDE.minWastedBytes()), Map.of(), cfg.maintenanceWindow(), BloatRequest.Method.ESTIMATE, false,
                    BloatRequest.DEFAULT_EXACT_SCAN_LIMIT, true, "DatabasePerformanceMonitor");
            BloatReport report = section(notes, "index bloat", () -> db.maintenance().bloat().check(request));
            if (report != null) bloat = report.indexes().stream().filter(b -> !b.name().startsWith("dataflow.")).toList();
        }
        slowCollectedAt = now;
    }

    private IndexUsage indexUsage(MonitorConfig cfg, CatalogCollector.Tables t, boolean fresh, List<MetricPoint> points, Set<String> collected) {
        MonitorConfig.IndexOptions o = cfg.indexUsage();
        List<IndexIssue> unused = !o.unusedIndexes() ? null : indexIssues.stream().filter(i -> i.reason().equals("unused")).toList();
        if (unused != null) {
            points.add(MetricPoint.of(MetricCatalog.UNUSED_INDEXES, unused.size()));
            collected.add(MetricCatalog.UNUSED_INDEXES);
        }
        List<MonitorReport.ScanRatio> scans = !o.indexScanRatio() || t == null ? null : t.scans();
        if (scans != null) {
            for (MonitorReport.ScanRatio s : scans) {
                if (s.ratio() != null) points.add(new MetricPoint(MetricCatalog.INDEX_SCAN_RATIO, s.table(), s.ratio()));
            }
            collected.add(MetricCatalog.INDEX_SCAN_RATIO);
        }
        List<RelationBloat> bloated = !o.indexBloat() ? null : bloat;
        if (bloated != null && fresh) {
            for (RelationBloat b : bloated) {
                if (b.bloatRatio() != null && b.sizeBytes() != null && b.sizeBytes() >= MIN_BLOAT_INDEX_BYTES) {
                    points.add(new MetricPoint(MetricCatalog.INDEX_BLOAT, b.name(), b.bloatRatio()));
                }
            }
            collected.add(MetricCatalog.INDEX_BLOAT);
        }
        return new IndexUsage(unused, scans, bloated, slowCollectedAt);
    }

    private HealthCheck duplicates(List<MetricPoint> points, Set<String> collected) {
        List<IndexIssue> dups = indexIssues.stream().filter(i -> !i.reason().equals("unused")).toList();
        points.add(MetricPoint.of(MetricCatalog.DUPLICATE_INDEXES, dups.size()));
        collected.add(MetricCatalog.DUPLICATE_INDEXES);
        return new HealthCheck("duplicate_indexes", dups.isEmpty() ? "ok" : "warning", (double) dups.size(), dups.isEmpty() ? "none"
                : String.join(", ", dups.stream().map(i -> i.index() + " (" + i.reason() + " of " + i.other() + ")").toList())
                + ": each costs writes for lookups the other serves");
    }

    private static TableStatistics tableStatistics(MonitorConfig cfg, CatalogCollector.Tables t, List<MetricPoint> points, Set<String> collected) {
        MonitorConfig.TableOptions o = cfg.tableStatistics();
        for (MonitorReport.TableStat s : t.stats()) {
            if (o.rowEstimates() && s.estimateError() != null) points.add(new MetricPoint(MetricCatalog.ROW_ESTIMATE_ERROR, s.table(), s.estimateError()));
            if (o.deadTuples()) {
                points.add(new MetricPoint(MetricCatalog.TABLE_LIVE_ROWS, s.table(), s.liveRows()));
                points.add(new MetricPoint(MetricCatalog.TABLE_DEAD_ROWS, s.table(), s.deadRows()));
                points.add(new MetricPoint(MetricCatalog.DEAD_TUPLE_RATIO, s.table(), s.deadRatio()));
            }
        }
        // sizes in bytes, so growth over time can be charted (stored at the slow cadence like every per-table value)
        for (CatalogCollector.Size z : t.sizes()) {
            points.add(new MetricPoint(MetricCatalog.TABLE_SIZE_BYTES, z.table(), z.tableBytes()));
            points.add(new MetricPoint(MetricCatalog.TABLE_INDEXES_SIZE_BYTES, z.table(), z.indexBytes()));
        }
        collected.addAll(List.of(MetricCatalog.TABLE_SIZE_BYTES, MetricCatalog.TABLE_INDEXES_SIZE_BYTES));
        if (o.rowEstimates()) collected.add(MetricCatalog.ROW_ESTIMATE_ERROR);
        if (o.deadTuples()) collected.addAll(List.of(MetricCatalog.TABLE_LIVE_ROWS, MetricCatalog.TABLE_DEAD_ROWS, MetricCatalog.DEAD_TUPLE_RATIO));
        List<MonitorReport.TableStat> rows = t.stats().stream().map(s -> new MonitorReport.TableStat(s.table(),
                o.rowEstimates() ? s.estimatedRows() : null, s.liveRows(), o.deadTuples() ? s.deadRows() : 0, o.deadTuples() ? s.deadRatio() : 0,
                o.rowEstimates() ? s.estimateError() : null, o.lastVacuum() ? s.lastVacuum() : null, o.lastVacuum() ? s.lastAutovacuum() : null,
                o.lastVacuum() ? s.lastAnalyze() : null, o.lastVacuum() ? s.lastAutoanalyze() : null)).toList();
        return new TableStatistics(rows);
    }

    /**
     * Lock waits come from the lock monitor. Deadlocks are counted here from pg_stat_database
     * against the monitor's own history, not through the lock monitor's saved count, which belongs
     * to LockMonitorNode's checks: sharing it would take deadlocks away from its reports.
     */
    private LockStatistics lockStatistics(Connection c, MonitorConfig cfg, CatalogCollector.Activity activity, Instant now,
                                          List<MetricPoint> points, Set<String> collected, List<String> notes) {
        MonitorConfig.LockOptions o = cfg.lockStatistics();
        Integer waiting = null;
        Double longest = null;
        List<LockWait> waits = null;
        if (o.lockWaits()) {
            LockReport r = section(notes, "lock waits", () -> db.locks().monitor(new LockMonitorOptions(
                    EnumSet.of(LockMonitorOptions.Track.LOCK_WAITS), 0, LockMonitorOptions.DEFAULT_HOLD_TIME_S, true, false, false)));
            if (r != null) {
                waits = r.lockWaits();
                waiting = waits.size();
                longest = waits.stream().mapToLong(LockWait::waitingMs).max().orElse(0) / 1000.0;
                points.add(MetricPoint.of(MetricCatalog.LOCK_WAITS, waiting));
                points.add(MetricPoint.of(MetricCatalog.LONGEST_LOCK_WAIT, longest));
                collected.addAll(List.of(MetricCatalog.LOCK_WAITS, MetricCatalog.LONGEST_LOCK_WAIT));
            }
        }
        Long since = null;
        Long total = null;
        if (o.deadlockCount()) {
            total = section(notes, "deadlocks", () -> CatalogCollector.deadlocksTotal(c));
            if (total != null) {
                long t = total;
                Double previous = section(notes, "deadlocks", () -> SampleStore.last(db.state(), c, MetricCatalog.DEADLOCKS_TOTAL, "", now).orElse(null));
                if (previous != null) {
                    since = t < previous ? t : t - previous.longValue(); // a counter that went down was reset
                    points.add(MetricPoint.of(MetricCatalog.DEADLOCKS, since));
                    collected.add(MetricCatalog.DEADLOCKS);
                }
                points.add(MetricPoint.of(MetricCatalog.DEADLOCKS_TOTAL, t));
                collected.add(MetricCatalog.DEADLOCKS_TOTAL);
            }
        }
        Double xact = null;
        Double idle = null;
        if (o.longestTransaction() && activity != null) {
            xact = activity.longestTransactionS();
            idle = activity.idleInTransactionS();
            points.add(MetricPoint.of(MetricCatalog.LONGEST_TRANSACTION, xact));
            points.add(MetricPoint.of(MetricCatalog.IDLE_IN_TRANSACTION, idle));
            collected.addAll(List.of(MetricCatalog.LONGEST_TRANSACTION, MetricCatalog.IDLE_IN_TRANSACTION));
        }
        return new LockStatistics(waiting, longest, since, total, xact, idle, waits);
    }

    /** Fires new breaches (one open alert per cause) and resolves open alerts whose cause is judged fine or gone. */
    private List<AlertEvent> judge(Connection c, MonitorConfig cfg, AlertRule rule, RuleEvaluator.Verdict v, Map<Long, QueryHistory.Window> windows,
                                   List<MetricPoint> points, Map<String, String> indexTables, Instant now, String database) throws SQLException {
        List<AlertEvent> out = new ArrayList<>();
        Set<String> breaching = new HashSet<>();
        for (RuleEvaluator.Breach b : v.breaches()) {
            breaching.add(b.subject());
            var fired = AlertBook.fire(db.state(), c, rule, b, now);
            if (fired.isEmpty()) continue;
            Alert alert = fired.get();
            if (AlertRule.SCHEDULE_REINDEX.equals(rule.action())) {
                alert = AlertBook.actionDone(db.state(), c, alert.id(), scheduleReindex(cfg, rule, b.subject(), indexTables.get(b.subject()), now)).orElse(alert);
            }
            meters(database).fired(rule.name());
            out.add(new AlertEvent(AlertEvent.FIRED, database, alert));
        }
        for (Alert a : AlertBook.open(db.state(), c)) {
            if (!a.rule().equals(rule.name()) || breaching.contains(a.subject()) || v.undecided().contains(a.subject())) continue;
            AlertBook.resolve(db.state(), c, a.id(), resolution(rule, a.subject(), windows, points), now)
                    .ifPresent(r -> out.add(new AlertEvent(AlertEvent.RESOLVED, database, r)));
        }
        return out;
    }

    private static String resolution(AlertRule rule, String subject, Map<Long, QueryHistory.Window> windows, List<MetricPoint> points) {
        if (rule.isSpike()) {
            QueryHistory.Window w = windows == null ? null : windows.get(Long.parseLong(subject));
            if (w == null) return "statement " + subject + " had no calls in the last " + Durations.text(rule.window());
            return String.format("statement %s is back to %.3f ms over the last %s (%d calls; baseline %.3f ms, threshold %s)", subject, w.meanMs(),
                    Durations.text(rule.window()), w.calls(), w.baselineMs(), rule.threshold());
        }
        return points.stream().filter(p -> p.metric().equals(rule.metric()) && p.subject().equals(subject)).findFirst()
                .map(p -> rule.metric() + (subject.isEmpty() ? "" : " of " + subject) + " is back to " + p.value() + " (threshold " + rule.threshold() + ")")
                .orElse((subject.isEmpty() ? rule.metric() : subject) + " is no longer reported");
    }

    /** REINDEX INDEX CONCURRENTLY through the bloat monitor, as a one-shot job at the next opening of the maintenance window. */
    private String scheduleReindex(MonitorConfig cfg, AlertRule rule, String index, String table, Instant now) {
        if (table == null) return "not scheduled: the table of " + index + " is not known";
        try {
            MaintenanceWindow window = MaintenanceWindow.parse(cfg.maintenanceWindow(), "DatabasePerformanceMonitor", "maintenance_window");
            String schedule = Schedule.once(window.nextOpening(now.plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES))).text();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("tables", List.of(table));
            config.put("thresholds", Map.of("index_bloat_ratio", Math.max(1.01, rule.threshold().factor())));
            config.put("actions", Map.of("high_bloat", List.of("reindex")));
            config.put("maintenance_window", cfg.maintenanceWindow());
            String name = "reindex." + index.replaceAll("[^A-Za-z0-9_.:-]", "_");
            Job job = db.scheduler().register(name, schedule, "BloatMonitorNode", config, cfg.maintenanceWindow());
            return "scheduled REINDEX INDEX CONCURRENTLY " + index + " for " + job.nextRun() + " in the maintenance window " + window
                    + " UTC (job " + name + ": the bloat monitor measures " + table + " again then and rebuilds its indexes still over "
                    + rule.threshold() + ")";
        } catch (RuntimeException e) {
            return "could not schedule the reindex: " + e.getMessage();
        }
    }

    private void deliver(MonitorConfig cfg, List<AlertEvent> events) {
        if (events.isEmpty()) return;
        List<AlertSink> all = new ArrayList<>();
        if (cfg.log()) all.add(new LogSink());
        if (cfg.webhook() != null) all.add(new WebhookSink(cfg.webhook()));
        all.addAll(sinks);
        for (AlertEvent e : events) {
            for (AlertSink s : all) {
                try {
                    s.deliver(e);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception ex) {
                    log.warn("alert sink {} failed on {}: {}", s.getClass().getSimpleName(), e.alert().cause(), ex.getMessage());
                }
            }
        }
    }

    /** Whether a collection has published metrics (the meters exist from the first one on). */
    private synchronized boolean collected() {
        return meters != null;
    }

    private synchronized MonitorMeters meters(String database) {
        if (meters == null) {
            meters = new MonitorMeters(database);
            registries.forEach(meters::bindTo);
        }
        return meters;
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /** A section that fails (a view this role may not read, say) becomes a note; the rest is still collected. */
    private static <T> T section(List<String> notes, String what, Work<T> work) {
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            notes.add(what + " not collected: " + e.getMessage());
            return null;
        }
    }

    private interface StateWork<T> {
        T run(Connection c) throws SQLException;
    }

    private List<Alert> withState(StateWork<List<Alert>> work) {
        if (!db.state().installed(io.dataflow.state.StateFeature.MONITOR)) return List.of(); // never collected: no alert, nothing created
        try (Connection c = db.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read alerts: " + e.getMessage(), e);
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
