package io.dataflow.monitor.nodes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.monitor.MonitorConfig;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/**
 * {@code DatabasePerformanceMonitor}: the guide's {@code metrics} groups and {@code alerts} rules,
 * read into {@link MonitorConfig}; one collection per run (give it a {@code schedule} to collect on
 * the scheduler). Alert rules are any metric name with a threshold, so {@code alerts} is open.
 */
final class DatabasePerformanceMonitorNode implements NodeDefinition {

    static final String TYPE = "DatabasePerformanceMonitor";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Query performance from pg_stat_statements (slow query log, generic plans of slow queries), index usage and bloat,"
                + " table statistics, lock statistics and PgHero's health checks, kept as history; alerts against baselines and"
                + " thresholds, delivered to the log and a webhook";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("metrics", ValueType.MAP, null, "query_performance {slow_query_log, threshold_ms, explain_slow_queries},"
                        + " index_usage {unused_indexes, index_scan_ratio, index_bloat}, table_statistics {row_estimates, dead_tuples, last_vacuum},"
                        + " lock_statistics {lock_waits, deadlock_count, longest_transaction}; everything by default"),
                KeySpec.optional("alerts", ValueType.MAP, null, "rule name -> {threshold ('5x baseline', '3x optimal', '> 0.9'), window,"
                        + " min_calls, baseline, metric, action: schedule_reindex}; the guide's slow_query_spike and index_bloat by default"),
                KeySpec.optional("health_checks", ValueType.BOOLEAN, true, "PgHero's checks: cache hit rate, connections, wraparound,"
                        + " sequences, invalid and duplicate indexes, invalid constraints"),
                KeySpec.optional("sinks", ValueType.MAP, null, "log (true) and webhook {url, max_attempts (5), backoff (1s)}"),
                KeySpec.optional("retention", ValueType.STRING, "30d", "history older than this is deleted"),
                KeySpec.optional("slow_metrics_interval", ValueType.STRING, "5m", "how often index bloat and unused indexes are measured"),
                KeySpec.optional("maintenance_window", ValueType.STRING, MonitorConfig.DEFAULT_WINDOW, "HH:MM-HH:MM (UTC) for schedule_reindex"),
                KeySpec.optional("top_queries", ValueType.INTEGER, 10, "statements listed and exported"),
                KeySpec.optional("schedule", ValueType.STRING, null, "collect on the scheduler instead of now: hourly, or cron such as '* * * * *'"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("collected_at", "database", "query_performance", "index_usage", "table_statistics", "lock_statistics", "health_checks",
                "events", "open_alerts", "notes", "duration_ms");
    }

    @Override
    public void validate(ConfigReader config) {
        MonitorConfig.read(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        MonitorConfig cfg = MonitorConfig.read(ConfigReader.of(TYPE + " '" + context.nodeId() + "'", config));
        return Json.mapper().convertValue(context.db().monitor().collect(cfg), MAP);
    }
}
