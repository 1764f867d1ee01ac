package io.dataflow.tune.nodes;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.tune.TuningPlan;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code SSDOptimizationNode}: {settings: {random_page_cost: 1.1, wal_buffers: "64MB", ...}, apply}. */
final class SSDOptimizationNode implements NodeDefinition {

    @Override
    public String type() {
        return "SSDOptimizationNode";
    }

    @Override
    public String description() {
        return "Set server settings (e.g. random_page_cost, effective_io_concurrency) with ALTER SYSTEM, each checked against"
                + " pg_settings first; outputs settings, applied, pending_restart, run_id";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("settings", ValueType.MAP, "setting name to value, e.g. {random_page_cost: 1.1, wal_buffers: 64MB}"),
                KeySpec.optional("apply", ValueType.BOOLEAN, true, "apply with ALTER SYSTEM (false: only check and show)"));
    }

    @Override
    public Set<String> outputs() {
        return TuneOutput.KEYS;
    }

    @Override
    public void validate(ConfigReader config) {
        if (config.value("settings") instanceof Map<?, ?> settings) {
            if (settings.isEmpty()) throw new ConfigException(config.where(), "settings", "names no setting");
            settings.forEach((name, value) -> {
                boolean scalar = value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Reference;
                if (!scalar) throw new ConfigException(config.where(), "settings." + name, "must be a text, number or boolean value, got "
                        + ConfigReader.describe(value));
            });
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String where = type() + " " + context.nodeId();
        var tuner = context.db().tuner();
        TuningPlan plan = tuner.plan((Map<String, ?>) config.get("settings"), where, "set by " + where);
        return TuneOutput.of(plan, Boolean.TRUE.equals(config.get("apply")) ? tuner.apply(plan, where) : null);
    }
}
