package io.dataflow.lock.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The guide's lock nodes: LockMonitorNode and OptimisticUpdateNode (which checks its model at build time). */
public final class LockNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new LockMonitorNode(), new OptimisticUpdateNode(models));
    }
}
