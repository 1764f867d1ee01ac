package io.dataflow.plan.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The plan-analysis nodes of the guide: QueryPlanAnalyzerNode, QueryOptimizerNode. */
public final class PlanNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new QueryPlanAnalyzerNode(), new QueryOptimizerNode());
    }
}
