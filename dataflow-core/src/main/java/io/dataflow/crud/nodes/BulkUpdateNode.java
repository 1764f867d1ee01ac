package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code <Model>BulkUpdateNode}: {filter, fields} for one change to many rows, or {data} for per-row changes by id. */
final class BulkUpdateNode extends CrudNode {

    BulkUpdateNode(ModelSpec model) {
        super(model, "BulkUpdateNode");
    }

    @Override
    public String description() {
        return "Update many " + model.name() + " rows: {filter, fields}, or {data: [{id, ...}]}; outputs updated";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("filter", ValueType.MAP, null, "which rows (with fields)"),
                KeySpec.optional("fields", ValueType.MAP, null, "the new values (with filter)"),
                KeySpec.optional("data", ValueType.LIST, null, "per-row changes, each with its id"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("updated");
    }

    @Override
    public void validate(ConfigReader config) {
        boolean byFilter = config.has("filter") || config.has("fields");
        if (byFilter == config.has("data")) throw config.error(null, "give either filter and fields, or data, not both");
        if (byFilter && !(config.has("filter") && config.has("fields"))) {
            throw config.error(config.has("filter") ? "fields" : "filter", "is required with " + (config.has("filter") ? "filter" : "fields"));
        }
        checkFilter(config, "filter");
        checkColumns(config, "fields", config.value("fields"));
        checkColumns(config, "data", config.value("data"));
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        int updated = config.get("data") != null
                ? repository(context).bulkUpdateRows(rows(config.get("data")))
                : repository(context).bulkUpdate(map(config.get("filter")), map(config.get("fields")));
        return Map.of("updated", updated);
    }
}
