package io.dataflow.workflow;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import io.dataflow.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Every node type available for a set of models: the providers found by ServiceLoader. */
public final class NodeRegistry {

    private final Map<String, NodeDefinition> types = new TreeMap<>();

    private NodeRegistry(List<NodeDefinition> definitions) {
        for (NodeDefinition d : definitions) {
            NodeDefinition previous = types.put(d.type(), d);
            if (previous != null && previous != d) {
                throw new IllegalStateException("two node types are named " + d.type() + ": "
                        + previous.getClass().getName() + " and " + d.getClass().getName());
            }
        }
    }

    /** The node types of every provider on the class path, with CRUD nodes for these models. */
    public static NodeRegistry load(List<ModelSpec> models) {
        List<NodeDefinition> all = new java.util.ArrayList<>();
        for (NodeProvider provider : ServiceLoader.load(NodeProvider.class)) all.addAll(provider.nodes(models));
        return new NodeRegistry(all);
    }

    public static NodeRegistry of(List<NodeDefinition> definitions) {
        return new NodeRegistry(definitions);
    }

    public Optional<NodeDefinition> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public NodeDefinition require(String type, String where) {
        NodeDefinition d = types.get(type);
        if (d == null) {
            throw new ConfigException(where, "type", "unknown node type '" + type + "'" + DidYouMean.hint(type, types.keySet())
                    + "; see ./dataflow nodes for the available types (CRUD nodes appear once their model is registered)");
        }
        return d;
    }

    public List<NodeDefinition> all() {
        return List.copyOf(types.values());
    }
}
