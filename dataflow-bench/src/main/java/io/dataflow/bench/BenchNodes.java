package io.dataflow.bench;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import io.dataflow.workflow.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A trivial node for measuring the engine's own cost: it returns its input plus one. */
public final class BenchNodes implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new Increment());
    }

    public static final class Increment implements NodeDefinition {
        public String type() {
            return "IncrementNode";
        }

        public String description() {
            return "benchmark node: outputs value + 1";
        }

        public ConfigSchema schema() {
            return ConfigSchema.of(KeySpec.optional("value", ValueType.INTEGER, 0, "the input"));
        }

        public Set<String> outputs() {
            return Set.of("value");
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
            return Map.of("value", ((Integer) config.get("value")) + 1);
        }
    }
}
