package io.dataflow.tune.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The guide's "Hardware Optimization" nodes: SSDOptimizationNode and MemoryConfigNode. */
public final class TuneNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new SSDOptimizationNode(), new MemoryConfigNode());
    }
}
