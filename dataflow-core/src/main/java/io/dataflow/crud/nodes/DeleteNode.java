package io.dataflow.crud.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code <Model>DeleteNode}: one row by id. */
final class DeleteNode extends CrudNode {

    DeleteNode(ModelSpec model) {
        super(model, "DeleteNode");
    }

    @Override
    public String description() {
        return "Delete one " + model.name() + " by id; outputs deleted (0 or 1)";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(KeySpec.required("id", ValueType.ANY, "the primary key"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("deleted");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        return Map.of("deleted", repository(context).delete(config.get("id")));
    }
}
