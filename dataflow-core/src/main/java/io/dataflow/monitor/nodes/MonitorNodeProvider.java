package io.dataflow.monitor.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The guide's monitoring node: DatabasePerformanceMonitor. */
public final class MonitorNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new DatabasePerformanceMonitorNode());
    }
}
