package io.dataflow.partition.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** PartitionMaintenanceNode. */
public final class PartitionNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new PartitionMaintenanceNode());
    }
}
