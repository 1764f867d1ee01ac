package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.crud.UpsertResult;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code <Model>BulkUpsertNode}: insert rows, updating those that conflict on the given unique columns. */
final class BulkUpsertNode extends CrudNode {

    BulkUpsertNode(ModelSpec model) {
        super(model, "BulkUpsertNode");
    }

    @Override
    public String description() {
        return "Insert " + model.name() + " rows or update those that conflict on conflict_columns; outputs inserted, updated";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("data", ValueType.LIST, "the rows, each a mapping of column to value"),
                KeySpec.optional("conflict_columns", ValueType.LIST, List.of("id"), "the unique columns that identify a row"),
                KeySpec.optional("update_columns", ValueType.LIST, null, "columns to overwrite on conflict (default: all given)"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("inserted", "updated");
    }

    @Override
    public void validate(ConfigReader config) {
        checkColumns(config, "data", config.value("data"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        UpsertResult result = repository(context).bulkUpsert(rows(config.get("data")),
                (List<String>) config.get("conflict_columns"), (List<String>) config.get("update_columns"));
        return Map.of("inserted", result.inserted(), "updated", result.updated());
    }
}
