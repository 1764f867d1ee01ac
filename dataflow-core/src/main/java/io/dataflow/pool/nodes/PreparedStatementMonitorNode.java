package io.dataflow.pool.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.pool.StatementCacheMonitor;
import io.dataflow.pool.StatementCacheReport;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code PreparedStatementMonitor}: the guide's metrics and alert_on keys over {@link StatementCacheMonitor}. */
final class PreparedStatementMonitorNode implements NodeDefinition {

    private static final List<String> METRICS = List.of("cache_hit_rate", "execution_time_saved", "memory_usage");

    @Override
    public String type() {
        return "PreparedStatementMonitor";
    }

    @Override
    public String description() {
        return "Statement cache hit rate (DataFlow's tracking), planning time saved (EXPLAIN or pg_stat_statements) and memory"
                + " (pg_prepared_statements, pg_backend_memory_contexts), with alerts";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("metrics", ValueType.LIST, METRICS, "what to report").oneOf(METRICS.toArray(String[]::new)),
                KeySpec.optional("alert_on", ValueType.MAP, null, "hit_rate_below, memory_above_mb").with(ConfigSchema.of(
                        KeySpec.optional("hit_rate_below", ValueType.NUMBER, null, "alert when the hit rate is lower"),
                        KeySpec.optional("memory_above_mb", ValueType.NUMBER, null, "alert when cached plans across the pool use more"))));
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader reader = ConfigReader.of("PreparedStatementMonitor '" + context.nodeId() + "'", config);
        ConfigReader alerts = reader.optSection("alert_on").orElse(ConfigReader.of(reader.where(), Map.of()));
        StatementCacheReport report = new StatementCacheMonitor(context.db())
                .check(alerts.optNumber("hit_rate_below").orElse(null), alerts.optNumber("memory_above_mb").orElse(null));
        List<String> metrics = reader.optStringList("metrics").orElse(METRICS);
        Map<String, Object> out = new LinkedHashMap<>();
        if (metrics.contains("cache_hit_rate")) {
            out.put("cache_hit_rate", report.hitRate());
            out.put("executions", report.executions());
            out.put("hits", report.hits());
        }
        if (metrics.contains("execution_time_saved")) {
            out.put("execution_time_saved_ms", report.planningMsSaved());
            out.put("statements_measured", report.statementsMeasured());
        }
        if (metrics.contains("memory_usage")) {
            out.put("prepared_on_connection", report.preparedOnConnection());
            out.put("memory_mb_per_connection", report.memoryMbPerConnection());
            out.put("memory_mb_estimated", report.memoryMbEstimated());
        }
        out.put("alerts", report.alerts());
        return out;
    }
}
