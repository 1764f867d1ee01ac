package io.dataflow.mview.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.mview.IncrementalSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** The guide's {@code IncrementalMaterializedViewNode {name, base_query, merge_strategy, refresh_tracking}}. */
public final class IncrementalMaterializedViewNode implements NodeDefinition {

    public static final String TYPE = "IncrementalMaterializedViewNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "A summary table kept up to date incrementally: new base rows are captured by trigger (late ones too) and merged"
                + " (COUNT/SUM add, AVG as sum and count, MIN/MAX combine); updates and deletes trigger a rebuild; re-running refreshes";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("name", ValueType.STRING, "the summary table's name"),
                KeySpec.required("base_query", ValueType.STRING, "one SELECT over one table, grouped; may use :last_refresh"),
                KeySpec.optional("merge_strategy", ValueType.STRING, "upsert", "upsert, append or replace_partition")
                        .oneOf("upsert", "append", "replace_partition"),
                KeySpec.optional("refresh_tracking", ValueType.BOOLEAN, true, "record each refresh in dataflow.mview_refreshes"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("name", "action", "unique_key", "indexes", "rows", "job", "notes");
    }

    @Override
    public void validate(ConfigReader config) {
        IncrementalSpec.read(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String where = Outputs.where(context, TYPE);
        IncrementalSpec spec = IncrementalSpec.read(ConfigReader.of(where, config));
        return Outputs.of(context.db().mviews().createIncremental(spec, config, where));
    }
}
