package io.dataflow.crud.nodes;

import io.dataflow.DataFlowException;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code <Model>ReadNode}: one row by id. */
final class ReadNode extends CrudNode {

    ReadNode(ModelSpec model) {
        super(model, "ReadNode");
    }

    @Override
    public String description() {
        return "Read one " + model.name() + " by id; outputs the row";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("id", ValueType.ANY, "the primary key"),
                KeySpec.optional("raise_on_not_found", ValueType.BOOLEAN, true, "fail when no row has this id (else output nothing)"));
    }

    @Override
    public Set<String> outputs() {
        return columns();
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        return repository(context).read(config.get("id")).orElseGet(() -> {
            if (Boolean.TRUE.equals(config.get("raise_on_not_found"))) {
                throw new DataFlowException(model.name() + " " + config.get("id") + " not found");
            }
            return Map.of();
        });
    }
}
