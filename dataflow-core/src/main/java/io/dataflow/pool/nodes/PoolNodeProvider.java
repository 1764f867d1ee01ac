package io.dataflow.pool.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The guide's connection nodes: PreparedStatementNode and PreparedStatementMonitor. */
public final class PoolNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new PreparedStatementNode(), new PreparedStatementMonitorNode());
    }
}
