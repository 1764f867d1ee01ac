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
        return "The metrics asked for, under their names: cache_hit_rate (hits / executions, DataFlow's tracking),"
                + " execution_time_saved (ms of planning saved: EXPLAIN or pg_stat_statements), memory_usage (MB of cached plans"
                + " across the pool: pg_backend_memory_contexts, PostgreSQL 14+); details gives each one's unit and basis,"
                + " alerts the alert_on thresholds crossed (rule, threshold, value, message)";
    }

    @Override
    public java.util.Set<String> outputs() {
        return java.util.Set.of("cache_hit_rate", "execution_time_saved", "memory_usage", "details", "alerts");
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
        // The guide's names as keys, plain numbers as values (units under details and in the description); only what was asked for.
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (String metric : METRICS) {
            if (!metrics.contains(metric)) continue;
            switch (metric) {
                case "cache_hit_rate" -> {
                    out.put(metric, report.hitRate());
                    details.put(metric, detail("ratio", "executions", report.executions(), "hits", report.hits()));
                }
                case "execution_time_saved" -> {
                    out.put(metric, report.planningMsSaved());
                    details.put(metric, detail("ms", "statements_measured", report.statementsMeasured()));
                }
                case "memory_usage" -> {
                    out.put(metric, report.memoryMbEstimated());
                    details.put(metric, detail("MB", "mb_per_connection", report.memoryMbPerConnection(),
                            "prepared_on_connection", report.preparedOnConnection()));
                }
                default -> throw new IllegalStateException(metric);
            }
        }
        out.put("details", details);
        out.put("alerts", report.alerts().stream().map(PreparedStatementMonitorNode::alert).toList());
        return out;
    }

    private static Map<String, Object> detail(String unit, Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unit", unit);
        for (int i = 0; i < keyValues.length; i += 2) out.put((String) keyValues[i], keyValues[i + 1]);
        return out;
    }

    private static Map<String, Object> alert(StatementCacheReport.Alert a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", a.rule());
        out.put("threshold", a.threshold());
        out.put("value", a.value());
        out.put("message", a.message());
        return out;
    }
}
