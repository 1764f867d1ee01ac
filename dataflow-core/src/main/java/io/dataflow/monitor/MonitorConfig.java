package io.dataflow.monitor;

import io.dataflow.config.ConfigReader;
import io.dataflow.schedule.MaintenanceWindow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What DatabasePerformanceMonitor collects and alerts on: the guide's {@code metrics} groups and
 * {@code alerts} rules, plus where alerts go and how long history is kept.
 *
 * @param queryPerformance    pg_stat_statements deltas, slow_query_log over threshold_ms, explain_slow_queries
 * @param indexUsage          unused_indexes, index_scan_ratio, index_bloat
 * @param tableStatistics     row_estimates, dead_tuples, last_vacuum
 * @param lockStatistics      lock_waits, deadlock_count, longest_transaction
 * @param healthChecks        PgHero's checks: cache hit rate, connections, wraparound, sequences, invalid and duplicate indexes
 * @param alerts              the rules
 * @param retention           history older than this is deleted
 * @param slowMetricsInterval index bloat and unused/duplicate indexes change slowly: collected at most this often
 * @param maintenanceWindow   HH:MM-HH:MM (UTC) for scheduled actions (schedule_reindex)
 * @param topQueries          how many statements (by total time) the report lists and Prometheus exports
 * @param webhook             where fired/resolved events are POSTed, or null
 * @param log                 whether events are logged
 */
public record MonitorConfig(QueryOptions queryPerformance, IndexOptions indexUsage, TableOptions tableStatistics,
                            LockOptions lockStatistics, boolean healthChecks, List<AlertRule> alerts, Duration retention,
                            Duration slowMetricsInterval, String maintenanceWindow, int topQueries, WebhookOptions webhook, boolean log) {

    /** @param explainLimit at most this many slow statements are explained per collection */
    public record QueryOptions(boolean enabled, boolean slowQueryLog, double thresholdMs, boolean explainSlowQueries, int explainLimit) {
    }

    public record IndexOptions(boolean enabled, boolean unusedIndexes, boolean indexScanRatio, boolean indexBloat) {
    }

    public record TableOptions(boolean enabled, boolean rowEstimates, boolean deadTuples, boolean lastVacuum) {
    }

    public record LockOptions(boolean enabled, boolean lockWaits, boolean deadlockCount, boolean longestTransaction) {
    }

    /**
     * @param url            http(s) address that receives a POST of each event as JSON
     * @param maxAttempts    tries per event (the first included)
     * @param initialBackoff wait before the second try; doubled before each further one
     */
    public record WebhookOptions(URI url, int maxAttempts, Duration initialBackoff) {
        public WebhookOptions {
            if (maxAttempts < 1) throw new IllegalArgumentException("max_attempts must be 1 or more");
        }
    }

    public static final String DEFAULT_WINDOW = "02:00-05:00";

    public MonitorConfig {
        alerts = List.copyOf(alerts);
        if (maintenanceWindow == null) maintenanceWindow = DEFAULT_WINDOW;
        MaintenanceWindow.parse(maintenanceWindow, "DatabasePerformanceMonitor", "maintenance_window");
    }

    /** The guide's example config: everything collected, threshold 100 ms, its two alert rules. */
    public static MonitorConfig guide() {
        return new MonitorConfig(new QueryOptions(true, true, 100, true, 5), new IndexOptions(true, true, true, true),
                new TableOptions(true, true, true, true), new LockOptions(true, true, true, true), true, AlertRule.guide(),
                Duration.ofDays(30), Duration.ofMinutes(5), DEFAULT_WINDOW, 10, null, true);
    }

    public MonitorConfig withAlerts(List<AlertRule> rules) {
        return new MonitorConfig(queryPerformance, indexUsage, tableStatistics, lockStatistics, healthChecks, rules, retention,
                slowMetricsInterval, maintenanceWindow, topQueries, webhook, log);
    }

    public MonitorConfig withWebhook(WebhookOptions value) {
        return new MonitorConfig(queryPerformance, indexUsage, tableStatistics, lockStatistics, healthChecks, alerts, retention,
                slowMetricsInterval, maintenanceWindow, topQueries, value, log);
    }

    public MonitorConfig withQueryPerformance(QueryOptions value) {
        return new MonitorConfig(value, indexUsage, tableStatistics, lockStatistics, healthChecks, alerts, retention,
                slowMetricsInterval, maintenanceWindow, topQueries, webhook, log);
    }

    public MonitorConfig withSlowMetricsInterval(Duration value) {
        return new MonitorConfig(queryPerformance, indexUsage, tableStatistics, lockStatistics, healthChecks, alerts, retention,
                value, maintenanceWindow, topQueries, webhook, log);
    }

    /**
     * Reads the node's config. A {@code metrics} group that is present collects only the items set
     * true in it; an absent group is collected whole; {@code metrics} absent collects everything.
     */
    public static MonitorConfig read(ConfigReader c) {
        MonitorConfig d = guide();
        ConfigReader metrics = c.optSection("metrics").orElse(null);
        QueryOptions q = d.queryPerformance;
        IndexOptions i = d.indexUsage;
        TableOptions t = d.tableStatistics;
        LockOptions l = d.lockStatistics;
        boolean health = c.bool("health_checks", true);
        if (metrics != null) {
            metrics.allowOnly(List.of("query_performance", "index_usage", "table_statistics", "lock_statistics"));
            q = metrics.optSection("query_performance").map(s -> {
                s.allowOnly(List.of("slow_query_log", "threshold_ms", "explain_slow_queries", "explain_limit"));
                double th = s.optNumber("threshold_ms").orElse(100.0);
                if (th < 0) throw s.error("threshold_ms", "must be 0 or more");
                int limit = s.integer("explain_limit", 5);
                if (limit < 0) throw s.error("explain_limit", "must be 0 or more");
                return new QueryOptions(true, s.bool("slow_query_log", false), th, s.bool("explain_slow_queries", false), limit);
            }).orElse(metrics.has("query_performance") ? q : new QueryOptions(false, false, 100, false, 0));
            i = metrics.optSection("index_usage").map(s -> {
                s.allowOnly(List.of("unused_indexes", "index_scan_ratio", "index_bloat"));
                return new IndexOptions(true, s.bool("unused_indexes", false), s.bool("index_scan_ratio", false), s.bool("index_bloat", false));
            }).orElse(new IndexOptions(false, false, false, false));
            t = metrics.optSection("table_statistics").map(s -> {
                s.allowOnly(List.of("row_estimates", "dead_tuples", "last_vacuum"));
                return new TableOptions(true, s.bool("row_estimates", false), s.bool("dead_tuples", false), s.bool("last_vacuum", false));
            }).orElse(new TableOptions(false, false, false, false));
            l = metrics.optSection("lock_statistics").map(s -> {
                s.allowOnly(List.of("lock_waits", "deadlock_count", "longest_transaction"));
                return new LockOptions(true, s.bool("lock_waits", false), s.bool("deadlock_count", false), s.bool("longest_transaction", false));
            }).orElse(new LockOptions(false, false, false, false));
        }
        List<AlertRule> rules = new ArrayList<>();
        if (c.has("alerts")) {
            for (Map.Entry<String, ConfigReader> e : c.sections("alerts").entrySet()) rules.add(AlertRule.read(e.getKey(), e.getValue()));
        } else {
            rules.addAll(d.alerts);
        }
        Duration retention = Durations.parse(c.optString("retention").orElse("30d"), c.where(), "retention");
        Duration slow = Durations.parse(c.optString("slow_metrics_interval").orElse("5m"), c.where(), "slow_metrics_interval");
        String window = c.optString("maintenance_window").orElse(DEFAULT_WINDOW);
        MaintenanceWindow.parse(window, c.where(), "maintenance_window");
        int top = c.integer("top_queries", 10);
        if (top < 1) throw c.error("top_queries", "must be 1 or more");
        WebhookOptions webhook = null;
        boolean log = true;
        ConfigReader sinks = c.optSection("sinks").orElse(null);
        if (sinks != null) {
            sinks.allowOnly(List.of("log", "webhook"));
            log = sinks.bool("log", true);
            ConfigReader w = sinks.optSection("webhook").orElse(null);
            if (w != null) {
                w.allowOnly(List.of("url", "max_attempts", "backoff"));
                String url = w.string("url");
                URI uri;
                try {
                    uri = URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw w.error("url", "'" + url + "' is not a URL");
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw w.error("url", "'" + url + "' must be http:// or https://");
                int attempts = w.integer("max_attempts", 5);
                if (attempts < 1) throw w.error("max_attempts", "must be 1 or more");
                webhook = new WebhookOptions(uri, attempts, Durations.parse(w.optString("backoff").orElse("1s"), c.where(), w.path("backoff")));
            }
        }
        return new MonitorConfig(q, i, t, l, health, rules, retention, slow, window, top, webhook, log);
    }
}
