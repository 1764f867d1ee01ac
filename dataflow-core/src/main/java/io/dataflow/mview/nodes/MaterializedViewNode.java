package io.dataflow.mview.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.mview.ViewSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** The guide's {@code MaterializedViewNode {name, query, indexes, refresh: {method, schedule}}}. */
public final class MaterializedViewNode implements NodeDefinition {

    public static final String TYPE = "MaterializedViewNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Creates a materialized view and its indexes (a unique one for concurrent refresh), swaps a redefined query in without"
                + " readers seeing an error, refreshes on re-run, and registers the scheduled refresh";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("name", ValueType.STRING, "the view's name"),
                KeySpec.required("query", ValueType.STRING, "one SELECT"),
                KeySpec.optional("indexes", ValueType.LIST, null, "columns to index: a column or a list of columns each"),
                KeySpec.optional("refresh", ValueType.MAP, null, "how and when to refresh").with(ConfigSchema.of(
                        KeySpec.optional("method", ValueType.STRING, "concurrent", "concurrent (readers keep reading; needs a unique key) or full")
                                .oneOf("concurrent", "full"),
                        KeySpec.optional("schedule", ValueType.STRING, null, "hourly, daily, weekly, monthly or cron"))));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("name", "action", "unique_key", "indexes", "rows", "job", "notes");
    }

    @Override
    public void validate(ConfigReader config) {
        ViewSpec.read(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String where = Outputs.where(context, TYPE);
        ViewSpec spec = ViewSpec.read(ConfigReader.of(where, config));
        return Outputs.of(context.db().mviews().create(spec, config, where));
    }
}
