package io.dataflow.crud.nodes;

import io.dataflow.model.FieldSpec;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code <Model>CreateNode}: inserts one row from the config's column values; outputs the row. */
final class CreateNode extends CrudNode {

    CreateNode(ModelSpec model) {
        super(model, "CreateNode");
    }

    @Override
    public String description() {
        return "Create one " + model.name() + " (config: its field values); outputs the created row";
    }

    @Override
    public ConfigSchema schema() {
        List<KeySpec> keys = new ArrayList<>();
        for (FieldSpec f : model.fields()) {
            boolean required = !f.nullable() && f.defaultValue() == null && !f.name().equals("id");
            keys.add(required ? KeySpec.required(f.name(), valueType(f), f.type().guideName() + " value")
                    : KeySpec.optional(f.name(), valueType(f), null, f.type().guideName() + " value"));
        }
        return ConfigSchema.of(keys);
    }

    @Override
    public Set<String> outputs() {
        return columns();
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        return repository(context).create(config);
    }
}
