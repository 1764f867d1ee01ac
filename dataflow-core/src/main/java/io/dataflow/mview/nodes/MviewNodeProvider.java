package io.dataflow.mview.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** MaterializedViewNode, IncrementalMaterializedViewNode and MaterializedViewRefreshNode. */
public final class MviewNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new MaterializedViewNode(), new IncrementalMaterializedViewNode(), new MaterializedViewRefreshNode());
    }
}
