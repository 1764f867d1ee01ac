package io.dataflow.cache.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.List;

/** SmartCacheNode, CacheWarmerNode and the CacheWarmNode its jobs run. */
public final class CacheNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new SmartCacheNode(), new CacheWarmerNode(), new CacheWarmNode());
    }
}
