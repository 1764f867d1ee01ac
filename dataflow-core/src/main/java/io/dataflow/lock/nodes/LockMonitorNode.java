package io.dataflow.lock.nodes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.lock.LockMonitorOptions;
import io.dataflow.lock.LockMonitorOptions.Track;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code LockMonitorNode}: the guide's track / thresholds / capture keys, read into {@link LockMonitorOptions}. */
final class LockMonitorNode implements NodeDefinition {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public String type() {
        return "LockMonitorNode";
    }

    @Override
    public String description() {
        return "Lock waits with their blockers and queries, the wait graph (tree, JSON, DOT), deadlocks since the last check,"
                + " long-held locks and sessions near max_locks_per_transaction";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("track", ValueType.LIST, Track.configNames(), "what to report").oneOf(Track.configNames().toArray(String[]::new)),
                KeySpec.optional("thresholds", ValueType.MAP, null, "wait_time_ms (default 1000) and hold_time_s (default 5)").with(ConfigSchema.of(
                        KeySpec.optional("wait_time_ms", ValueType.NUMBER, LockMonitorOptions.DEFAULT_WAIT_TIME_MS, "report waits at least this long"),
                        KeySpec.optional("hold_time_s", ValueType.NUMBER, LockMonitorOptions.DEFAULT_HOLD_TIME_S, "report locks held at least this long"))),
                KeySpec.optional("capture", ValueType.MAP, null, "blocking_queries (true), wait_graphs (true), query_plans (false)").with(ConfigSchema.of(
                        KeySpec.optional("blocking_queries", ValueType.BOOLEAN, true, "the query text of waiting and blocking sessions"),
                        KeySpec.optional("wait_graphs", ValueType.BOOLEAN, true, "who waits for whom: tree, JSON and Graphviz DOT"),
                        KeySpec.optional("query_plans", ValueType.BOOLEAN, false, "EXPLAIN (no ANALYZE) of the blocked queries"))));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("checked_at", "database", "tracked", "lock_waits", "wait_graph", "deadlocks", "long_held_locks", "lock_escalations", "alerts");
    }

    @Override
    public void validate(ConfigReader config) {
        options(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        LockMonitorOptions options = options(ConfigReader.of("LockMonitorNode '" + context.nodeId() + "'", config));
        return Json.mapper().convertValue(context.db().locks().monitor(options), MAP);
    }

    /** Reads the config; the schema has checked the types, this checks the ranges. Values from references are checked when the node runs. */
    static LockMonitorOptions options(ConfigReader config) {
        LockMonitorOptions d = LockMonitorOptions.defaults();
        Set<Track> track = EnumSet.noneOf(Track.class);
        Object raw = config.value("track");
        if (raw instanceof List<?> list) {
            for (Object name : list) {
                if (name instanceof String s) Track.byConfigName(s).ifPresent(track::add);
            }
        } else {
            track = d.track();
        }
        ConfigReader thresholds = config.optSection("thresholds").orElse(ConfigReader.of(config.where(), Map.of()));
        double wait = number(thresholds, "wait_time_ms", d.waitTimeMs());
        double hold = number(thresholds, "hold_time_s", d.holdTimeS());
        ConfigReader capture = config.optSection("capture").orElse(ConfigReader.of(config.where(), Map.of()));
        return new LockMonitorOptions(track, wait, hold, bool(capture, "blocking_queries", d.blockingQueries()),
                bool(capture, "wait_graphs", d.waitGraphs()), bool(capture, "query_plans", d.queryPlans()));
    }

    private static double number(ConfigReader section, String key, double fallback) {
        if (section.value(key) instanceof Reference) return fallback;
        double v = section.optNumber(key).orElse(fallback);
        if (v < 0 || Double.isNaN(v)) throw section.error(key, "must be 0 or more, got " + v);
        return v;
    }

    private static boolean bool(ConfigReader section, String key, boolean fallback) {
        return section.value(key) instanceof Reference ? fallback : section.bool(key, fallback);
    }
}
