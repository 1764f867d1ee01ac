package io.dataflow.maintenance.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** VacuumStrategyNode, VacuumNode and BloatMonitorNode. */
public final class MaintenanceNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new VacuumStrategyNode(), new VacuumNode(), new BloatMonitorNode());
    }
}
