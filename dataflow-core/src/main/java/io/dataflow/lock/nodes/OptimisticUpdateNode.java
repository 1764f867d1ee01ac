package io.dataflow.lock.nodes;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.lock.Conflict;
import io.dataflow.lock.OptimisticUpdate;
import io.dataflow.lock.UpdateOptions;
import io.dataflow.lock.UpdateRequest;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code OptimisticUpdateNode}: {model, id, fields, conflict_resolution, max_retries, expected_version,
 * base}. The model, its columns, max_retries and the version column are checked at build time
 * against the models registered when the workflow was built.
 */
final class OptimisticUpdateNode implements NodeDefinition {

    private final Map<String, ModelSpec> models = new LinkedHashMap<>();

    OptimisticUpdateNode(List<ModelSpec> models) {
        models.forEach(m -> this.models.put(m.name(), m));
    }

    @Override
    public String type() {
        return "OptimisticUpdateNode";
    }

    @Override
    public String description() {
        return "Update one row under its optimistic lock (version column); on a conflict retry (functions such as {$inc: n} are"
                + " recomputed), merge field by field, or fail with the current row";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("model", ValueType.STRING, "the model, e.g. Product (it needs optimistic_lock: version)"),
                KeySpec.required("id", ValueType.ANY, "the row's id"),
                KeySpec.required("fields", ValueType.MAP, "column to new value, {$inc: n}, {$mul: f}, {$set: v} or a Java function"),
                KeySpec.optional("conflict_resolution", ValueType.STRING, "retry", "retry, merge or fail").oneOf(Conflict.configNames().toArray(String[]::new)),
                KeySpec.optional("max_retries", ValueType.INTEGER, null, "retries after the first attempt (default: the model's retry_on_conflict)"),
                KeySpec.optional("expected_version", ValueType.INTEGER, null, "the version you read (default: the version read when the node runs)"),
                KeySpec.optional("base", ValueType.MAP, null, "the row as you read it, for merge (default: the row read when the node runs)"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("model", "id", "version", "row", "attempts", "conflicts", "resolution", "concurrent_fields");
    }

    @Override
    public void validate(ConfigReader config) {
        Object model = config.value("model");
        if (!(model instanceof String name)) return; // a reference: checked when the node runs
        ModelSpec spec = models.get(name);
        if (spec == null) {
            throw config.error("model", "unknown model '" + name + "'" + DidYouMean.hint(name, models.keySet()) + "; registered models: "
                    + (models.isEmpty() ? "none (register the model before building the workflow)" : String.join(", ", models.keySet())));
        }
        UpdateRequest.validate(spec, config.value("fields"), options(config, true), config.where(), v -> v instanceof Reference);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader reader = ConfigReader.of("node '" + context.nodeId() + "' (OptimisticUpdateNode)", config);
        @SuppressWarnings("unchecked")
        Map<String, ?> fields = (Map<String, ?>) config.get("fields");
        OptimisticUpdate u = context.db().locks().update(reader.string("model"), config.get("id"), fields, options(reader, false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", u.model());
        out.put("id", u.id());
        out.put("version", u.version());
        out.put("row", u.row());
        out.put("attempts", u.attempts());
        out.put("conflicts", u.conflicts());
        out.put("resolution", u.resolution().configName());
        out.put("concurrent_fields", u.concurrentFields());
        return out;
    }

    /** References are left out at build time (their values come later); the schema has checked the types. */
    private static UpdateOptions options(ConfigReader config, boolean building) {
        Conflict conflict = config.value("conflict_resolution") instanceof String s ? Conflict.byConfigName(s).orElseThrow(
                () -> new ConfigException(config.where(), "conflict_resolution", "accepted: " + String.join(", ", Conflict.configNames())))
                : Conflict.RETRY;
        Integer retries = known(config, "max_retries", building) ? config.optInteger("max_retries").orElse(null) : null;
        Long expected = known(config, "expected_version", building) ? ((Number) config.value("expected_version")).longValue() : null;
        @SuppressWarnings("unchecked")
        Map<String, ?> base = config.value("base") instanceof Map<?, ?> m ? (Map<String, ?>) m : null;
        return new UpdateOptions(conflict, retries, expected, base, null);
    }

    private static boolean known(ConfigReader config, String key, boolean building) {
        Object v = config.value(key);
        return v != null && !(building && v instanceof Reference);
    }
}
