package io.dataflow.mview.nodes;

import io.dataflow.mview.MaterializedViews;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** Refreshes one managed view now; the scheduled refresh jobs of MaterializedViewNode run this node. */
public final class MaterializedViewRefreshNode implements NodeDefinition {

    @Override
    public String type() {
        return MaterializedViews.REFRESH_NODE;
    }

    @Override
    public String description() {
        return "Refreshes a materialized or incremental view DataFlow manages, recording the refresh";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(KeySpec.required("name", ValueType.STRING, "the view"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("name", "method", "started_at", "duration_ms", "rows", "merged", "reason");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        return Outputs.of(context.db().mviews().refresh((String) config.get("name")));
    }
}
