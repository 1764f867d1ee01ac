package io.dataflow.stats.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The guide's statistics nodes: StatisticsUpdateNode and StatisticsAnalyzerNode. */
public final class StatisticsNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new StatisticsUpdateNode(), new StatisticsAnalyzerNode());
    }
}
