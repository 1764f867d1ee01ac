package io.dataflow.workflow;

import io.dataflow.model.ModelSpec;
import java.util.List;

/**
 * Contributes node types, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.dataflow.workflow.NodeProvider}). A capability adds its nodes by
 * shipping a provider; the engine never changes.
 */
public interface NodeProvider {

    /** The node types this provider offers, given the registered models (for generated nodes). */
    List<NodeDefinition> nodes(List<ModelSpec> models);
}
