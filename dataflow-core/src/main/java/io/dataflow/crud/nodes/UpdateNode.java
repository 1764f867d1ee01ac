package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.crud.UpdateResult;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code <Model>UpdateNode}: {filter, fields}; a versioned model reports a conflict at a stale version. */
final class UpdateNode extends CrudNode {

    UpdateNode(ModelSpec model) {
        super(model, "UpdateNode");
    }

    @Override
    public String description() {
        return "Update " + model.name() + " rows matching a filter; outputs updated (count) and rows"
                + (model.optimisticLock() == null ? "" : "; version-checked when the filter names " + model.optimisticLock());
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("filter", ValueType.MAP, "which rows, e.g. {id: 5} or {status: {$in: [a, b]}}"),
                KeySpec.required("fields", ValueType.MAP, "the new values, column to value"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("updated", "rows");
    }

    @Override
    public void validate(ConfigReader config) {
        checkFilter(config, "filter");
        checkColumns(config, "fields", config.value("fields"));
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        UpdateResult result = repository(context).update(map(config.get("filter")), map(config.get("fields")));
        return Map.of("updated", result.updated(), "rows", result.rows());
    }
}
