package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code <Model>BulkDeleteNode}: rows matching a filter; deleting every row needs {@code all: true}. */
final class BulkDeleteNode extends CrudNode {

    BulkDeleteNode(ModelSpec model) {
        super(model, "BulkDeleteNode");
    }

    @Override
    public String description() {
        return "Delete " + model.name() + " rows matching a filter (all rows only with all: true); outputs deleted";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("filter", ValueType.MAP, null, "which rows"),
                KeySpec.optional("all", ValueType.BOOLEAN, false, "confirm deleting every row when there is no filter"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("deleted");
    }

    @Override
    public void validate(ConfigReader config) {
        checkFilter(config, "filter");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        return Map.of("deleted", repository(context).bulkDelete(map(config.get("filter")), Boolean.TRUE.equals(config.get("all"))));
    }
}
