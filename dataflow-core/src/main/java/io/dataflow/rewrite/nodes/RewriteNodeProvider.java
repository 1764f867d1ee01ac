package io.dataflow.rewrite.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** The query-rewriting nodes of the guide: QueryRewriterNode, ExistsOptimizationNode. */
public final class RewriteNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new QueryRewriterNode(), new ExistsOptimizationNode());
    }
}
